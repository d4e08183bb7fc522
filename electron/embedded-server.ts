/**
 * Hosts the signaling server inside the app when no signaling URL is set, so
 * calls on a LAN need nothing else. Prefers the standard port so others on the
 * LAN can point at this machine; takes any free port when it is busy.
 */
import { startSignalingServer, type RunningSignalingServer } from '../server/signaling-server';

export const EMBEDDED_PORT = 4455;

export async function startEmbeddedServer(): Promise<RunningSignalingServer> {
  try {
    return await startSignalingServer({ host: '0.0.0.0', port: EMBEDDED_PORT });
  } catch {
    return startSignalingServer({ host: '0.0.0.0', port: 0 });
  }
}

/** The URL the local renderer uses: loopback, whatever interface the server listens on. */
export function localUrl(server: RunningSignalingServer): string {
  return `http://127.0.0.1:${server.port}`;
}
