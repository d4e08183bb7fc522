/**
 * Starts the signaling server: socket.io plus a small HTTP surface (/healthz,
 * /ice), either on its own port or attached to an HTTP server someone else owns
 * (the Electron main process, the web harness).
 */
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import type { Health } from '../shared/signaling';
import { authOf, createAuth, registerAuth, type ServerAuth } from './auth';
import { createBudgets, DEFAULT_BUDGET_LIMITS, type BudgetLimits } from './budgets';
import { clientAddressResolver } from './client-address';
import {
  applyHttpTimeouts,
  connectionGate,
  CONNECTIONS_CHECKING_INTERVAL_MS,
  DEFAULT_CONNECTION_LIMITS,
  type ConnectionLimits,
} from './connection-limits';
import { MAX_HTTP_BUFFER_BYTES, type Limits } from './limits';
import type { IceEnv } from './ice-env';
import { handleIceHttp, installIce } from './ice-routes';
import { originPolicy } from './origins';
import { packetLogAdapter } from './packet-log-adapter';
import { freshResumeKey, resumeKeyFromSecret, resumeSecrets } from './resume';
import { connectCluster } from './scale-out';
import { attachSignaling, type SignalingServer } from './signaling';

export { APP_ORIGIN } from './origins';

/**
 * How to run the signaling server. Everything is optional; the defaults are the
 * safe ones (loopback, open rooms only there, the app's origin only).
 */
export interface SignalingServerOptions {
  /** Port to listen on (0: any free one). Ignored with `httpServer`. */
  port?: number;
  /** Address to listen on; 127.0.0.1 unless given. Ignored with `httpServer`. */
  host?: string;
  /**
   * Attach to this server instead of creating one; its other routes stay its own.
   * Its headersTimeout and requestTimeout are set from `connectionLimits`.
   */
  httpServer?: HttpServer;
  /**
   * Web origins allowed besides the app's own (`app://traverse`, always allowed), exactly
   * as a browser sends them: `https://calls.example.org`, `http://127.0.0.1:5173`
   * (ALLOWED_ORIGINS). A socket handshake or GET /ice with any other Origin header is
   * refused; a request without one (a program, not a web page) is admitted.
   */
  allowedOrigins?: readonly string[];
  /** ICE minting for GET /ice (ICE_MODE and friends); STUN only when absent. */
  ice?: IceEnv;
  /** Invites required when set (AUTH_SECRET, at least 32 characters); rooms are open without it. */
  authSecret?: string;
  /** Joins a cluster of server processes through Redis (REDIS_URL); budgets are then shared there too. */
  redisUrl?: string;
  /** Per-socket event limits; defaults in limits.ts. */
  limits?: Limits;
  /** ICE mints per address and per invite, failed invites per address; defaults in budgets.ts. */
  budgetLimits?: BudgetLimits;
  /** Per-address socket cap and handshake/HTTP timeouts; defaults in connection-limits.ts. */
  connectionLimits?: ConnectionLimits;
  /** How long a dropped client may come back with its session, in ms. */
  recoveryWindowMs?: number;
  /**
   * Where one process keeps that window: 'in-memory' (the default) is socket.io's own adapter, a
   * live object per packet; 'off-heap' is packet-log-adapter.ts, a 64 MB ring allocated up front,
   * for a server relaying thousands of messages a second. With redisUrl, the Redis stream keeps it.
   */
  recoveryLog?: 'in-memory' | 'off-heap';
  /**
   * Reverse proxies (addresses or CIDRs, TRUST_PROXY) whose X-Forwarded-For is believed for
   * per-client limits; from anyone else the header is ignored. None by default.
   */
  trustProxy?: readonly string[];
}

export const DEFAULT_RECOVERY_WINDOW_MS = 10_000;

export interface RunningSignalingServer {
  io: SignalingServer;
  http: HttpServer;
  /** http://host:port */
  url: string;
  port: number;
  auth: ServerAuth;
  close(): Promise<void>;
}

/** Answers the server's own HTTP routes; returns false for anything else. */
export function handleHttp(req: IncomingMessage, res: ServerResponse, startedAt: number, io: SignalingServer): boolean {
  const path = (req.url ?? '/').split('?')[0];
  if (path === '/healthz' && req.method === 'GET') {
    const health: Health = {
      ok: true,
      auth: authOf(io).mode,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      clients: io.engine.clientsCount,
    };
    // Read cross-origin by the app to show whether rooms are open; it says nothing secret.
    res.writeHead(200, {
      'content-type': 'application/json',
      'cache-control': 'no-store',
      'access-control-allow-origin': '*',
    });
    res.end(JSON.stringify(health));
    return true;
  }
  if (handleIceHttp(req, res, io)) return true;
  return false;
}

export async function startSignalingServer(options: SignalingServerOptions = {}): Promise<RunningSignalingServer> {
  const startedAt = Date.now();
  const owned = options.httpServer === undefined;
  const connectionLimits = options.connectionLimits ?? DEFAULT_CONNECTION_LIMITS;
  const origins = originPolicy(options.allowedOrigins);
  const addressOf = clientAddressResolver(options.trustProxy);
  const http = options.httpServer ?? createServer({ connectionsCheckingInterval: CONNECTIONS_CHECKING_INTERVAL_MS });
  applyHttpTimeouts(http, connectionLimits);
  const auth = await createAuth(options.authSecret);
  const cluster = options.redisUrl ? await connectCluster(options.redisUrl) : null;
  const budgets = createBudgets(
    cluster ? { redis: cluster.redis } : undefined,
    options.budgetLimits ?? DEFAULT_BUDGET_LIMITS,
  );
  // Every process of a cluster must check the resume secrets the others issued.
  const resumeKey = options.authSecret
    ? resumeKeyFromSecret(options.authSecret)
    : cluster
      ? await cluster.sharedKey('resume')
      : freshResumeKey();
  const recoveryWindowMs = options.recoveryWindowMs ?? DEFAULT_RECOVERY_WINDOW_MS;
  const recovering = recoveryWindowMs > 0;
  const io: SignalingServer = new Server(http, {
    // Descriptions are a few KB; nothing legitimate comes near this.
    maxHttpBufferSize: MAX_HTTP_BUFFER_BYTES,
    // Origin and per-address cap at the handshake; no CORS headers (WebSocket only, and no other route is read cross-origin).
    allowRequest: connectionGate(connectionLimits, origins, addressOf),
    connectTimeout: connectionLimits.connectTimeoutMs,
    serveClient: false,
    // WebSocket only: no long-polling, so no sticky sessions behind a load balancer.
    transports: ['websocket'],
    // A client that drops briefly comes back with its id and rooms (on any process with Redis).
    // Middlewares run for recovered sockets too: the one-socket-per-connection check must see every CONNECT.
    ...(recovering
      ? { connectionStateRecovery: { maxDisconnectionDuration: recoveryWindowMs, skipMiddlewares: false } }
      : {}),
    // Recovery replays from the Redis stream in a cluster; on one process, from memory or an off-heap log.
    ...(cluster
      ? { adapter: cluster.adapter }
      : recovering && options.recoveryLog === 'off-heap'
        ? { adapter: packetLogAdapter({ windowMs: recoveryWindowMs }) }
        : {}),
  });
  registerAuth(io, auth);
  installIce(io, { ...(options.ice ? { env: options.ice } : {}), budgets, addressOf, origins });
  // Peers wait a little longer than the recovery window before hearing someone left.
  attachSignaling(io, {
    auth,
    limits: options.limits,
    leaveGraceMs: recovering ? recoveryWindowMs + 1_000 : 0,
    clustered: cluster !== null,
    resume: resumeSecrets(resumeKey),
    budgets,
    addressOf,
    ...(cluster ? { lock: cluster.lock } : {}),
  });

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
    auth,
    close: async () => {
      // Sockets close as "server shutting down": clients reconnect (through a load
      // balancer, to another process) and recover their sessions there.
      await new Promise<void>((resolve) => {
        void io.close(() => resolve());
        if (!owned) resolve();
      });
      await cluster?.close();
    },
  };
}
