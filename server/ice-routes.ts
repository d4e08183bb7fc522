/**
 * The server's ICE endpoints: `GET /ice` over HTTP and the `ice` socket event,
 * both minting fresh credentials per request. With AUTH_SECRET the HTTP route
 * needs an invite as a bearer token (the socket was admitted with one already).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'socket.io';
import { toIceProblem } from '../shared/ice/ice-error';
import { ICE_SOCKET_EVENT, type IceAck } from '../shared/ice/ice-types';
import { authOf, refuseHttp } from './auth';
import { readIceEnv, type IceEnv } from './ice-env';
import { createIceMinter, type IceMinter } from './ice-minting';
import { TokenBucket } from './limits';

/**
 * Every mint may cost a call to Cloudflare's API or hand out relay capacity, so
 * requests are limited per client address (HTTP) and per socket (the event):
 * the app asks once per call and again at half the credentials' lifetime.
 */
export const ICE_LIMIT = { perMinute: 10, burst: 20 } as const;
const ICE_RATE_PER_SECOND = ICE_LIMIT.perMinute / 60;

/** Token buckets keyed by client address; idle, full ones are forgotten. */
export class AddressLimiter {
  private readonly buckets = new Map<string, { bucket: TokenBucket; last: number }>();

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  private lastSweep = 0;

  take(address: string): boolean {
    const t = this.now();
    // A bucket idle long enough to have refilled is the same as a new one. Swept at most once per
    // refill time, so a flood of addresses costs one pass over the map, not one per request.
    const refillMs = (this.burst / this.ratePerSecond) * 1000;
    if (this.buckets.size > 10_000 && t - this.lastSweep > refillMs) {
      this.lastSweep = t;
      for (const [key, entry] of this.buckets) if (t - entry.last > refillMs) this.buckets.delete(key);
    }
    let entry = this.buckets.get(address);
    if (!entry)
      this.buckets.set(
        address,
        (entry = { bucket: new TokenBucket(this.ratePerSecond, this.burst, this.now), last: t }),
      );
    entry.last = t;
    return entry.bucket.take();
  }
}

const RATE_LIMITED = {
  what: 'Too many ICE credential requests from this address',
  cause: `at most ${ICE_LIMIT.perMinute} a minute (bursts of ${ICE_LIMIT.burst}) may be minted per client`,
  fix: 'Wait a minute and try again; the app refreshes credentials on its own before they expire.',
};

interface IceRoute {
  minter: IceMinter;
  limiter: AddressLimiter;
  /** Behind a reverse proxy, take the client's address from the X-Forwarded-For entry the proxy added. */
  trustProxy: boolean;
}
const routes = new WeakMap<object, IceRoute>();

/** Remembers which minter serves the server that owns `io` (like auth, found from io). */
export function registerIce(io: object, minter: IceMinter, options: { trustProxy?: boolean } = {}): void {
  routes.set(io, {
    minter,
    limiter: new AddressLimiter(ICE_RATE_PER_SECOND, ICE_LIMIT.burst),
    trustProxy: options.trustProxy ?? false,
  });
}

function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = req.headers['x-forwarded-for'];
  const last = trustProxy && typeof forwarded === 'string' ? forwarded.split(',').at(-1)?.trim() : undefined;
  return last || req.socket.remoteAddress || 'unknown';
}

async function answer(minter: IceMinter): Promise<IceAck> {
  try {
    return { ok: true, value: await minter.mint() };
  } catch (error) {
    return { ok: false, error: toIceProblem(error, `The server could not mint ${minter.mode} ICE credentials`) };
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  // Credentials are per request and short-lived: no cache may keep them.
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', pragma: 'no-cache' });
  res.end(JSON.stringify(body));
}

/** Answers `GET /ice`; returns false for any other request. */
export function handleIceHttp(req: IncomingMessage, res: ServerResponse, io: object): boolean {
  const path = (req.url ?? '/').split('?')[0];
  if (path !== '/ice') return false;
  const route = routes.get(io);
  if (req.method !== 'GET' || !route) return false;
  const { minter } = route;
  if (!route.limiter.take(clientAddress(req, route.trustProxy))) {
    res.setHeader('retry-after', String(Math.ceil(1 / ICE_RATE_PER_SECOND)));
    send(res, 429, { ok: false, error: RATE_LIMITED });
    return true;
  }
  void (async () => {
    const allowed = await authOf(io).verifyBearer(req);
    if (!allowed.ok) return refuseHttp(res, allowed.error);
    const result = await answer(minter);
    if (result.ok) send(res, 200, result.value);
    else send(res, 502, { ok: false, error: result.error });
  })().catch((error: unknown) => {
    if (!res.headersSent) send(res, 500, { ok: false, error: toIceProblem(error) });
  });
  return true;
}

/** The same over the socket: `socket.emit('ice', ack)`. */
export function attachIceSocket(socket: Pick<Socket, 'on'>, minter: IceMinter): void {
  const bucket = new TokenBucket(ICE_RATE_PER_SECOND, ICE_LIMIT.burst);
  socket.on(ICE_SOCKET_EVENT, (ack: unknown) => {
    if (typeof ack !== 'function') return;
    const reply = ack as (r: IceAck) => void;
    if (!bucket.take()) return reply({ ok: false, error: RATE_LIMITED });
    void answer(minter).then(reply);
  });
}

/** Wires ICE minting into a socket.io server: the HTTP route finds it from `io`, sockets get the event. */
export function installIce(
  io: { on(event: 'connection', listener: (socket: Socket) => void): unknown },
  env?: IceEnv,
  options: { trustProxy?: boolean } = {},
): IceMinter {
  const minter = createIceMinter(env ?? readIceEnv({}));
  registerIce(io, minter, options);
  io.on('connection', (socket) => attachIceSocket(socket, minter));
  return minter;
}
