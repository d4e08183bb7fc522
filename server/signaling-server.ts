/**
 * Starts the signaling server: socket.io plus a small HTTP surface (/healthz),
 * either on its own port or attached to an HTTP server someone else owns
 * (the Electron main process, the web harness).
 */
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { attachSignaling, type SignalingServer } from './signaling';

export interface SignalingServerOptions {
  port?: number;
  host?: string;
  /** Attach to this server instead of creating one; its other routes stay its own. */
  httpServer?: HttpServer;
  /** Origins allowed to connect from a browser; undefined allows any (a desktop app has no fixed origin). */
  corsOrigins?: string[];
}

export interface RunningSignalingServer {
  io: SignalingServer;
  http: HttpServer;
  /** http://host:port */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Answers the server's own HTTP routes; returns false for anything else. */
export function handleHttp(req: IncomingMessage, res: ServerResponse, startedAt: number, io: SignalingServer): boolean {
  const path = (req.url ?? '/').split('?')[0];
  if (path === '/healthz' && req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify({ ok: true, uptimeSeconds: Math.round((Date.now() - startedAt) / 1000), clients: io.engine.clientsCount }));
    return true;
  }
  return false;
}

export async function startSignalingServer(options: SignalingServerOptions = {}): Promise<RunningSignalingServer> {
  const startedAt = Date.now();
  const owned = options.httpServer === undefined;
  const http = options.httpServer ?? createServer();
  const io: SignalingServer = new Server(http, {
    // Descriptions are a few KB; nothing legitimate comes near this.
    maxHttpBufferSize: 64 * 1024,
    cors: { origin: options.corsOrigins ?? true },
    serveClient: false,
  });
  attachSignaling(io);

  if (owned) {
    http.on('request', (req, res) => {
      if ((req.url ?? '').startsWith('/socket.io/')) return; // engine.io answers these
      if (!handleHttp(req, res, startedAt, io)) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error: 'not found' }));
      }
    });
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
    });
  }
  const address = http.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    io,
    http,
    port: address.port,
    url: `http://${host}:${address.port}`,
    close: async () => {
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => {
        void io.close(() => resolve());
        if (!owned) resolve();
      });
    },
  };
}
