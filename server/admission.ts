/**
 * Who gets a socket: the socket.io middleware every CONNECT goes through. One
 * socket per engine.io connection (issue 14, finding 6: socket.io checks for an
 * existing socket only after the asynchronous auth step, so 5,000 CONNECT
 * packets on one WebSocket made thousands of sockets), then the invite when the
 * server needs one. A bad invite spends from its address's failed-attempts
 * budget; past it the handshake is refused as too many attempts.
 */
import type { AddressOf } from './client-address';
import type { ServerAuth } from './auth';
import type { Budgets } from './budgets';
import { OneSocketPerConnection } from './connection-limits';
import { handshakeAuthSchema } from '../shared/signaling';
import type { SignalingServer } from './signaling';

const ALREADY_CONNECTING =
  'This connection already has a socket: a client opens one per connection. Reconnect to get a fresh one.';
const TOO_MANY_FAILURES =
  'Too many invalid invites from your address: wait a minute, then join again with the invite link you were sent.';

/** A middleware refusal the client receives as `connect_error` with `data: { code, message }`. */
function refusal(code: string, message: string): Error {
  return Object.assign(new Error(message), { data: { code, message } });
}

export interface Admission {
  auth: ServerAuth;
  budgets?: Budgets;
  addressOf?: AddressOf | undefined;
}

export function admitSockets(io: SignalingServer, { auth, budgets, addressOf }: Admission): void {
  const oneSocket = new OneSocketPerConnection();
  io.on('connection', (socket) => socket.once('disconnect', () => oneSocket.release(socket.conn)));
  io.use((socket, next) => {
    // Synchronously, before the asynchronous invite check: a second CONNECT meanwhile is refused.
    if (!oneSocket.claim(socket.conn)) return next(refusal('invalid', ALREADY_CONNECTING));
    const admitted = (error?: Error) => {
      if (error) oneSocket.release(socket.conn);
      next(error);
    };
    if (socket.recovered) return admitted(); // admitted before; the session carries its invite
    const parsed = handshakeAuthSchema.safeParse(socket.handshake.auth);
    const token = parsed.success ? parsed.data.token : undefined;
    auth
      .check(token)
      .then(async (result) => {
        if (result.ok) {
          socket.data.invite = result.claims;
          return admitted();
        }
        const address = addressOf?.(socket.request) ?? socket.handshake.address;
        const failures = budgets ? await budgets.authFailure(address) : { ok: true };
        if (!failures.ok) return admitted(refusal('rate-limited', TOO_MANY_FAILURES));
        admitted(refusal(result.error.code, result.error.message));
      })
      .catch((error: unknown) => admitted(error instanceof Error ? error : new Error(String(error))));
  });
}
