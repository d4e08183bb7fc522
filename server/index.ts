/** Entry point for `npm run server`: configuration from the environment, then start. */
import { readServerEnv } from './env';
import { startSignalingServer } from './signaling-server';

const env = readServerEnv(process.env);
const server = await startSignalingServer({ port: env.PORT, host: env.HOST });
console.log(`Traverse signaling server listening on ${server.url} (health: ${server.url}/healthz)`);

const stop = () => {
  void server.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
