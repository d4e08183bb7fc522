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

const minters = new WeakMap<object, IceMinter>();

/** Remembers which minter serves the server that owns `io` (like auth, found from io). */
export function registerIce(io: object, minter: IceMinter): void {
  minters.set(io, minter);
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
  const minter = minters.get(io);
  if (req.method !== 'GET' || !minter) return false;
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
  socket.on(ICE_SOCKET_EVENT, (ack: unknown) => {
    if (typeof ack !== 'function') return;
    void answer(minter).then((result) => (ack as (r: IceAck) => void)(result));
  });
}

/** Wires ICE minting into a socket.io server: the HTTP route finds it from `io`, sockets get the event. */
export function installIce(io: { on(event: 'connection', listener: (socket: Socket) => void): unknown }, env?: IceEnv): IceMinter {
  const minter = createIceMinter(env ?? readIceEnv({}));
  registerIce(io, minter);
  io.on('connection', (socket) => attachIceSocket(socket, minter));
  return minter;
}
