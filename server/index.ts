/** Entry point for `npm run server`: configuration from the environment, then start. */
import { readServerEnv } from './env';
import { readJanusEnv } from './janus-env';
import { iceExposureWarning, readIceEnv } from './ice-env';
import { DEFAULT_CONNECTION_LIMITS } from './connection-limits';
import { DEFAULT_LIMITS } from './limits';
import { startSignalingServer } from './signaling-server';

const env = readServerEnv(process.env);
const ice = readIceEnv(process.env);
const janus = readJanusEnv(process.env);
const server = await startSignalingServer({
  port: env.PORT,
  host: env.HOST,
  ice,
  authSecret: env.AUTH_SECRET,
  redisUrl: env.REDIS_URL,
  limits: { ...DEFAULT_LIMITS, eventsPerSecond: env.RATE_PER_SECOND, eventBurst: env.RATE_BURST },
  recoveryWindowMs: env.RECOVERY_WINDOW_MS,
  // A standalone server may relay thousands of messages a second: keep its recovery window off the heap.
  recoveryLog: 'off-heap',
  trustProxy: env.TRUST_PROXY,
  allowedOrigins: env.ALLOWED_ORIGINS,
  connectionLimits: { ...DEFAULT_CONNECTION_LIMITS, perAddress: env.MAX_CONNECTIONS_PER_ADDRESS },
  ...(janus ? { janus: { ...janus, onProblem: (message: string) => console.warn(message) } } : {}),
});
const rooms = server.auth.mode === 'invite' ? 'invites required (AUTH_SECRET)' : 'open rooms (no AUTH_SECRET)';
const cluster = env.REDIS_URL ? 'clustered through Redis' : 'single process';
const groups = janus
  ? janus.meshMax === 0
    ? `every room on Janus at ${janus.publicUrl} (up to 16 people)`
    : `rooms are meshes up to ${janus.meshMax ?? 4} people and move to Janus at ${janus.publicUrl} beyond that (up to 16)`
  : 'no Janus (JANUS_URL): rooms hold at most 4 people';
const origins = `web origins: app://traverse${env.ALLOWED_ORIGINS.map((o) => `, ${o}`).join('')}`;
// Before the listening line, so anyone (or any test) waiting for that line has seen it.
const exposure = iceExposureWarning(ice, server.auth.mode);
if (exposure) console.warn(exposure);
console.log(
  `Traverse signaling server listening on ${server.url} (health: ${server.url}/healthz); ${rooms}; ${cluster}; ${groups}; ${origins}; ICE ${ice.ICE_MODE} at ${server.url}/ice`,
);

const stop = () => {
  void server.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
