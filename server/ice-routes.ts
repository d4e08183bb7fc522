/**
 * The server's ICE endpoint, `GET /ice`, minting fresh credentials per request.
 * In order: the Origin check (a web page on another site is refused), the invite
 * (with AUTH_SECRET, `Authorization: Bearer <invite>`; a bad one spends from the
 * address's failed-attempts budget only), then the ICE budget of the client's
 * address and of the invite. The socket event that once did the same had no
 * client and a budget per socket (issue 14, finding 4): it is gone.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { toIceProblem } from '../shared/ice/ice-error';
import type { IceResponse } from '../shared/ice/ice-types';
import { authOf, bearerToken, refuseHttp } from './auth';
import { ICE_LIMIT, type Budgets } from './budgets';
import type { AddressOf } from './client-address';
import { readIceEnv, type IceEnv } from './ice-env';
import { createIceMinter, type IceMinter } from './ice-minting';
import type { OriginPolicy } from './origins';

const RATE_LIMITED = {
  what: 'Too many ICE credential requests from this address or invite',
  cause: `at most ${ICE_LIMIT.points} may be minted per client and per invite every ${ICE_LIMIT.durationSeconds / 60} minutes`,
  fix: 'Wait a minute or two and try again; the app refreshes credentials on its own before they expire.',
};

const TOO_MANY_FAILURES = {
  what: 'Too many invalid invites from this address',
  cause: 'the server stops checking invites from an address that keeps presenting wrong or expired ones',
  fix: 'Wait a minute, then try again with the invite link you were sent (or ask for a fresh one).',
};

export interface IceRoute {
  minter: IceMinter;
  budgets: Budgets;
  addressOf: AddressOf;
  origins: OriginPolicy;
}
const routes = new WeakMap<object, IceRoute>();

/** Remembers how the server that owns `io` mints and limits (like auth, found from io). */
export function installIce(io: object, route: Omit<IceRoute, 'minter'> & { env?: IceEnv }): IceMinter {
  const minter = createIceMinter(route.env ?? readIceEnv({}));
  routes.set(io, { minter, budgets: route.budgets, addressOf: route.addressOf, origins: route.origins });
  return minter;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  // Credentials are per request and short-lived: no cache may keep them.
  res.writeHead(status, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    pragma: 'no-cache',
    ...headers,
  });
  res.end(JSON.stringify(body));
}

async function answer(req: IncomingMessage, res: ServerResponse, io: object, route: IceRoute): Promise<void> {
  const address = route.addressOf(req);
  const allowed = await authOf(io).check(bearerToken(req));
  if (!allowed.ok) {
    const failures = await route.budgets.authFailure(address);
    if (!failures.ok)
      return send(
        res,
        429,
        { ok: false, error: TOO_MANY_FAILURES },
        { 'retry-after': String(failures.retryAfterSeconds) },
      );
    return refuseHttp(res, allowed.error);
  }
  const keys = [`address:${address}`, ...(allowed.claims ? [`invite:${allowed.claims.jti}`] : [])];
  const spent = await route.budgets.ice(keys);
  if (!spent.ok)
    return send(res, 429, { ok: false, error: RATE_LIMITED }, { 'retry-after': String(spent.retryAfterSeconds) });
  let minted: IceResponse;
  try {
    minted = await route.minter.mint();
  } catch (error) {
    const problem = toIceProblem(error, `The server could not mint ${route.minter.mode} ICE credentials`);
    return send(res, 502, { ok: false, error: problem });
  }
  send(res, 200, minted);
}

/** Answers `GET /ice`; returns false for any other request. */
export function handleIceHttp(req: IncomingMessage, res: ServerResponse, io: object): boolean {
  const path = (req.url ?? '/').split('?')[0];
  if (path !== '/ice') return false;
  const route = routes.get(io);
  if (req.method !== 'GET' || !route) return false;
  const origin = req.headers.origin;
  if (!route.origins.allows(origin)) {
    send(res, 403, { ok: false, error: route.origins.refusal(origin ?? '') });
    return true;
  }
  answer(req, res, io, route).catch((error: unknown) => {
    if (!res.headersSent) send(res, 500, { ok: false, error: toIceProblem(error) });
  });
  return true;
}
