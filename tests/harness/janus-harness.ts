/**
 * The web harness with its signaling server on a real Janus, which browsers reach on the signaling
 * server's own origin at /janus (the app's CSP allows only that), proxied there as nginx would
 * (README, "Group calls on Janus"). `meshMax` as JANUS_MESH_MAX (default: the server's, 4).
 */
import type { JanusServer } from '../support/janus';
import { freeTcpPort } from '../support/ports';
import { proxyUpgrades } from '../support/ws-proxy';
import { startHarness, type Harness } from './web-harness';

export interface JanusHarness {
  harness: Harness;
  close(): Promise<void>;
}

export async function startHarnessWithJanus(janus: JanusServer, meshMax?: number): Promise<JanusHarness> {
  const { url, tokenSecret, adminKey } = janus;
  const port = await freeTcpPort();
  const publicUrl = `ws://127.0.0.1:${port}/janus`;
  const settings = { url, publicUrl, tokenSecret, adminKey, ...(meshMax === undefined ? {} : { meshMax }) };
  const harness = await startHarness({ port, janus: settings });
  // To Janus's port, not the object: a Janus started again on the same port is proxied too.
  const closeProxy = proxyUpgrades(harness.signaling.http, '/janus', janus.port);
  return {
    harness,
    async close() {
      closeProxy();
      await harness.close();
    },
  };
}
