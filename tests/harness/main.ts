/** `npm run web`: start the harness and print the URL a person (or Playwright) opens. */
import { readIceEnv } from '../../server/ice-env';
import { defaultSettings } from '../../shared/config';
import { iceServersFromEnv, startHarness } from './web-harness';

const port = Number(process.env.HARNESS_PORT ?? 5173);
const harness = await startHarness({
  port,
  token: process.env.HARNESS_TOKEN || undefined,
  dataDir: process.env.HARNESS_DATA_DIR || undefined,
  cloudflareApiBase: process.env.CLOUDFLARE_API_BASE || undefined,
  // The hosted signaling server mints like `npm run server` does (ICE_MODE and friends).
  serverIce: readIceEnv(process.env),
  defaultIceServers: iceServersFromEnv(process.env.HARNESS_ICE_SERVERS) ?? defaultSettings().ice.servers,
});
console.log(`Traverse web harness: open ${harness.url}`);
console.log('Add &profile=<name> to the URL to be a different person in another tab.');

const stop = () => void harness.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
