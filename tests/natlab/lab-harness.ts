/**
 * The web harness as the NAT lab runs it, inside the internet namespace. The
 * harness listens on loopback only (by design), so this entry also forwards
 * the lab's service address to it: homes reach it across their NATs the way
 * a real client reaches a real server. Prints one READY line when both listen.
 */
import { createServer, connect } from 'node:net';
import { startHarness } from '../harness/web-harness';
import { proxyUpgrades } from '../support/ws-proxy';

const publicIp = process.env.NATLAB_SERVICE_IP ?? '198.51.100.100';
const publicPort = Number(process.env.HARNESS_PORT ?? 8080);
// A Janus in this namespace (NATLAB_JANUS_PORT on its loopback): every room on it, reached by homes at /janus.
const janusPort = Number(process.env.NATLAB_JANUS_PORT ?? 0);
const janus = janusPort
  ? {
      url: `ws://127.0.0.1:${janusPort}`,
      publicUrl: `ws://${publicIp}:${publicPort}/janus`,
      tokenSecret: process.env.NATLAB_JANUS_TOKEN_SECRET ?? '',
      adminKey: process.env.NATLAB_JANUS_ADMIN_KEY ?? '',
      meshMax: 0,
    }
  : undefined;
// The loopback side sits one port up, so the public and private ports never clash.
const harness = await startHarness({
  port: publicPort + 1,
  token: process.env.HARNESS_TOKEN || undefined,
  rendererDir: process.env.NATLAB_RENDERER_DIR || undefined,
  // Each cell configures its profiles' ICE servers itself; nothing off the lab is ever asked.
  defaultIceServers: [],
  // Homes address the harness by the lab's service address, forwarded below.
  // A home's own harness (lab-session.ts homeSite) serves its page from the home's loopback: let it in too.
  allowedHosts: [`${publicIp}:${publicPort}`, ...(process.env.NATLAB_EXTRA_HOSTS ?? '').split(',').filter(Boolean)],
  ...(janus ? { janus } : {}),
});
if (janus) proxyUpgrades(harness.signaling.http, '/janus', janusPort);

const forwarder = createServer((inbound) => {
  const outbound = connect(publicPort + 1, '127.0.0.1');
  inbound.pipe(outbound).pipe(inbound);
  // Either side closing or failing ends both: no half-open sockets pile up across cells.
  const end = () => {
    inbound.destroy();
    outbound.destroy();
  };
  inbound.on('error', end).on('close', end);
  outbound.on('error', end).on('close', end);
});
await new Promise<void>((done, fail) => {
  forwarder.once('error', fail);
  forwarder.listen(publicPort, publicIp, () => done());
});
console.log(`NATLAB READY http://${publicIp}:${publicPort}`);

const stop = () => {
  forwarder.close();
  void harness.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
