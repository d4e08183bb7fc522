/**
 * Browser commands (run in Node for the page) that start Debian's real Janus on loopback with
 * the generated test configuration, and admit people to a room as the signaling server will:
 * through server/janus-rooms.ts, so the page gets real signed tokens for a real VideoRoom.
 * One Janus per test file, keyed by its path.
 */
import type { BrowserCommand } from 'vitest/node';
import type { JanusAdmission } from '../../shared/janus';
import { createJanusRooms, type JanusRooms } from '../../server/janus-rooms';
import { startSignalingServer, type RunningSignalingServer } from '../../server/signaling-server';
import { startJanus, type JanusServer } from './janus';

interface Running {
  janus: JanusServer;
  rooms: JanusRooms;
  signaling?: RunningSignalingServer;
}
const running = new Map<string, Running>();
const key = (testPath: string | undefined) => testPath ?? '';

async function ensure(testPath: string | undefined): Promise<Running> {
  const found = running.get(key(testPath));
  if (found) return found;
  const janus = await startJanus();
  const rooms = createJanusRooms({
    url: janus.url,
    publicUrl: janus.url,
    tokenSecret: janus.tokenSecret,
    adminKey: janus.adminKey,
    sweepIntervalMs: 0,
  });
  const started: Running = { janus, rooms };
  running.set(key(testPath), started);
  return started;
}

/** A person's admission to `room`: Janus's URL, the VideoRoom, and their two signed tokens. */
const janusAdmit: BrowserCommand<[room: string]> = async ({ testPath }, room): Promise<JanusAdmission> =>
  (await ensure(testPath)).rooms.admit(room);

/** Who Janus says is in the room (display names of its participants). */
const janusParticipants: BrowserCommand<[room: string]> = async ({ testPath }, room) =>
  (await (await ensure(testPath)).rooms.participants(room)).map((p) => p.display ?? String(p.id));

/** Janus's log so far (for a test that failed to say why). */
const janusLog: BrowserCommand = ({ testPath }) => Promise.resolve(running.get(key(testPath))?.janus.log() ?? '');

/**
 * Our signaling server with this file's Janus (rooms above `meshMax` people on it), admitting
 * the test page's origin, its Janus tokens valid for `tokenTtlSeconds` (default 600); its URL.
 */
const sfuSignaling: BrowserCommand<[origin: string, meshMax: number, tokenTtlSeconds?: number]> = async (
  { testPath },
  origin,
  meshMax,
  tokenTtlSeconds,
) => {
  const found = await ensure(testPath);
  const { janus } = found;
  const { url, tokenSecret, adminKey } = janus;
  found.signaling ??= await startSignalingServer({
    port: 0,
    allowedOrigins: [origin],
    janus: { url, publicUrl: url, tokenSecret, adminKey, meshMax, ...(tokenTtlSeconds ? { tokenTtlSeconds } : {}) },
  });
  return found.signaling.url;
};

const closeJanus: BrowserCommand = async ({ testPath }) => {
  const found = running.get(key(testPath));
  running.delete(key(testPath));
  await found?.signaling?.close();
  await found?.rooms.close();
  await found?.janus.stop();
};

/** Stops this file's Janus and starts it again on the same port with the same secrets (its rooms are gone). */
const restartJanus: BrowserCommand = async ({ testPath }) => {
  const found = await ensure(testPath);
  const { port, tokenSecret, adminKey } = found.janus;
  await found.janus.stop();
  found.janus = await startJanus({ port, tokenSecret, adminKey });
};

export const janusCommands = { janusAdmit, janusParticipants, janusLog, closeJanus, sfuSignaling, restartJanus };
