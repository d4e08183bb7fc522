/**
 * Starts the signaling server: socket.io plus a small HTTP surface (/healthz,
 * /ice), either on its own port or attached to an HTTP server someone else owns
 * (the Electron main process, the web harness).
 */
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type ServerOptions } from 'socket.io';
import type { Health } from '../shared/signaling';
import { authOf, createAuth, registerAuth, type ServerAuth } from './auth';
import { createBudgets, DEFAULT_BUDGET_LIMITS, type BudgetLimits } from './budgets';
import { clientAddressResolver, type AddressOf } from './client-address';
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
import { originPolicy, type OriginPolicy } from './origins';
import { packetLogAdapter } from './packet-log-adapter';
import { freshResumeKey, resumeKeyFromSecret, resumeSecrets } from './resume';
import { connectCluster, type ClusterLink } from './scale-out';
import { attachSignaling, type SignalingServer } from './signaling';
import { createJanusRooms, type JanusRoomsOptions } from './janus-rooms';
import { DEFAULT_MESH_MAX, DEFAULT_SFU_MAX_PEOPLE, type SfuOptions } from './room-mode';

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
  /**
   * Janus for group calls (JANUS_URL and friends, janus-env.ts): rooms beyond `meshMax` people
   * (default 4; 0 puts every room on Janus) run on it, up to `maxPeople` (default 16). Without it
   * rooms are meshes of at most four.
   */
  janus?: JanusRoomsOptions & { meshMax?: number; maxPeople?: number };
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

interface SocketOptionsInput {
  connectionLimits: ConnectionLimits;
  origins: OriginPolicy;
  addressOf: AddressOf;
  recoveryWindowMs: number;
  recoveryLog: SignalingServerOptions['recoveryLog'];
  cluster: ClusterLink | null;
}

/** socket.io's options: the handshake gate, WebSocket only, session recovery and where it keeps its packets. */
function socketOptions(input: SocketOptionsInput): Partial<ServerOptions> {
  const { connectionLimits, cluster, recoveryWindowMs } = input;
  const recovering = recoveryWindowMs > 0;
  return {
    // Descriptions are a few KB; nothing legitimate comes near this.
    maxHttpBufferSize: MAX_HTTP_BUFFER_BYTES,
    // Origin and per-address cap at the handshake; no CORS headers (WebSocket only, and no other route is read cross-origin).
    allowRequest: connectionGate(connectionLimits, input.origins, input.addressOf),
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
      : recovering && input.recoveryLog === 'off-heap'
        ? { adapter: packetLogAdapter({ windowMs: recoveryWindowMs }) }
        : {}),
  };
}

/** The rooms on Janus (one connection to it, made on the first join that needs it) and the room sizes. */
function sfuOf(
  janus: NonNullable<SignalingServerOptions['janus']>,
): SfuOptions & { rooms: { close(): Promise<void> } } {
  const { meshMax = DEFAULT_MESH_MAX, maxPeople = DEFAULT_SFU_MAX_PEOPLE, ...rest } = janus;
  return { rooms: createJanusRooms({ maxPublishers: maxPeople, ...rest }), meshMax, maxPeople };
}

/** Every process of a cluster must check the resume secrets the others issued. */
async function resumeKeyOf(authSecret: string | undefined, cluster: ClusterLink | null): Promise<Buffer> {
  if (authSecret) return resumeKeyFromSecret(authSecret);
  return cluster ? await cluster.sharedKey('resume') : freshResumeKey();
}

/** On a server of our own: our routes, 404 for the rest, then listen. */
async function serveOwnHttp(
  http: HttpServer,
  io: SignalingServer,
  startedAt: number,
  where: { port?: number; host?: string },
): Promise<void> {
  http.on('request', (req, res) => {
    if ((req.url ?? '').startsWith('/socket.io/')) return; // engine.io answers these
    if (!handleHttp(req, res, startedAt, io)) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error: 'not found' }));
    }
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(where.port ?? 0, where.host ?? '127.0.0.1', () => resolve());
  });
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
  const resume = resumeSecrets(await resumeKeyOf(options.authSecret, cluster));
  const recoveryWindowMs = options.recoveryWindowMs ?? DEFAULT_RECOVERY_WINDOW_MS;
  const sfu = options.janus ? sfuOf(options.janus) : undefined;
  // No await from here to attachSignaling: a socket may connect to an HTTP server someone else owns.
  const io: SignalingServer = new Server(
    http,
    socketOptions({
      connectionLimits,
      origins,
      addressOf,
      recoveryWindowMs,
      recoveryLog: options.recoveryLog,
      cluster,
    }),
  );
  registerAuth(io, auth);
  installIce(io, { ...(options.ice ? { env: options.ice } : {}), budgets, addressOf, origins });
  // Peers wait a little longer than the recovery window before hearing someone left.
  attachSignaling(io, {
    auth,
    limits: options.limits,
    leaveGraceMs: recoveryWindowMs > 0 ? recoveryWindowMs + 1_000 : 0,
    clustered: cluster !== null,
    resume,
    budgets,
    addressOf,
    ...(cluster ? { lock: cluster.lock } : {}),
    ...(sfu ? { sfu } : {}),
  });
  if (owned) await serveOwnHttp(http, io, startedAt, options);
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
      await sfu?.rooms.close();
    },
  };
}
