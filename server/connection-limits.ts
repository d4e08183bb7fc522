/**
 * What a connection may cost before it has proved anything: the Origin check and
 * a cap on open sockets per client address at the engine.io handshake
 * (`allowRequest`), seconds (not socket.io's 45 s) to connect to the namespace,
 * seconds (not Node's 60 s / 300 s) for an HTTP request's headers and body, and
 * one socket per engine.io connection (socket.io checks for an existing socket
 * only after the asynchronous auth step, so 5,000 CONNECT packets on one
 * WebSocket used to make thousands of sockets).
 */
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { AddressOf } from './client-address';
import { refusalText, type OriginPolicy } from './origins';

export interface ConnectionLimits {
  /** Sockets one client address may hold open at once, on one process. */
  perAddress: number;
  /** How long a new connection may take to connect to the namespace (handshake and invite check). */
  connectTimeoutMs: number;
  /** Node's http headersTimeout: the request line and headers must arrive within this. */
  headersTimeoutMs: number;
  /** Node's http requestTimeout: the whole request must arrive within this. */
  requestTimeoutMs: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  perAddress: 32,
  connectTimeoutMs: 5_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 15_000,
};

/** How often Node looks for requests past those timeouts (its default is 30 s); set where we create the server. */
export const CONNECTIONS_CHECKING_INTERVAL_MS = 1_000;

/** Applies the HTTP timeouts to a server (ours, or one an embedding host passed in). */
export function applyHttpTimeouts(http: HttpServer, limits: ConnectionLimits): void {
  http.headersTimeout = limits.headersTimeoutMs;
  http.requestTimeout = limits.requestTimeoutMs;
}

type AllowRequest = (req: IncomingMessage, callback: (message: string | null | undefined, ok: boolean) => void) => void;

/** Logs each refused origin once (up to a hundred), so an operator who forgot ALLOWED_ORIGINS sees why. */
function oncePerOrigin(log: (line: string) => void): (origin: string, text: string) => void {
  const seen = new Set<string>();
  return (origin, text) => {
    if (seen.has(origin) || seen.size >= 100) return;
    seen.add(origin);
    log(text);
  };
}

/**
 * engine.io's `allowRequest`: refuses foreign origins and addresses at their cap.
 * Each admitted handshake holds one place for its address until its TCP
 * connection closes (WebSocket only: one connection is one engine.io session).
 */
export function connectionGate(
  limits: ConnectionLimits,
  origins: OriginPolicy,
  addressOf: AddressOf,
  log: (line: string) => void = console.warn,
): AllowRequest {
  const open = new Map<string, number>();
  const logRefusal = oncePerOrigin(log);
  return (req, callback) => {
    const origin = req.headers.origin;
    if (!origins.allows(origin)) {
      const text = refusalText(origins.refusal(origin ?? ''));
      logRefusal(origin ?? '', text);
      return callback(text, false);
    }
    const address = addressOf(req);
    const count = open.get(address) ?? 0;
    if (count >= limits.perAddress) {
      return callback(
        `Too many connections from your address: at most ${limits.perAddress} may be open at once. Close other Traverse windows or tabs, or wait a minute and try again.`,
        false,
      );
    }
    open.set(address, count + 1);
    req.socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left <= 0) open.delete(address);
      else open.set(address, left);
    });
    callback(null, true);
  };
}

/**
 * Tracks which engine.io connections have a socket (connecting or connected) on
 * the namespace; `claim` is false for a second one while the first lives.
 */
export class OneSocketPerConnection {
  private readonly claimed = new WeakSet<object>();
  claim(conn: object): boolean {
    if (this.claimed.has(conn)) return false;
    this.claimed.add(conn);
    return true;
  }
  release(conn: object): void {
    this.claimed.delete(conn);
  }
}
