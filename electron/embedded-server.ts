/**
 * Hosts the signaling server inside the app when no signaling URL is set.
 * core/embedded-hosting.ts decides when and how (loopback, or the network
 * with invites); this file is the one place that calls `startSignalingServer`
 * for it. Prefers the standard port so others on the network can point at
 * this machine; takes any free port when it is busy.
 */
import { startSignalingServer, type RunningSignalingServer } from '../server/signaling-server';
import type { EmbeddedStartOptions } from './core/embedded-hosting';

export const EMBEDDED_PORT = 4455;

export type EmbeddedServer = RunningSignalingServer;

/** Loopback only unless told otherwise: nobody else on the network can reach a server on 127.0.0.1. */
export async function startEmbeddedServer(
  options: EmbeddedStartOptions = { host: '127.0.0.1' },
): Promise<EmbeddedServer> {
  const start = (port: number) =>
    startSignalingServer({
      host: options.host,
      port,
      // Invites required when hosting for the network; rooms open on loopback.
      ...(options.authSecret ? { authSecret: options.authSecret } : {}),
      // The app's own origin (app://traverse, or the web harness's): the Origin check on the
      // handshake and /ice admits it besides app://traverse; any other web page is refused.
      ...(options.appOrigin ? { allowedOrigins: [options.appOrigin] } : {}),
      // One process, one app: socket.io's plain in-memory adapter, not the off-heap packet log
      // built for the standalone server's load.
      recoveryLog: 'in-memory',
    });
  const preferred = options.port ?? EMBEDDED_PORT;
  try {
    return await start(preferred);
  } catch {
    return start(0);
  }
}
