/**
 * Per-socket limits: a token bucket on every incoming event, a check that the
 * event is one we know with the arguments it takes, and a budget for invalid
 * payloads after which the socket is disconnected. Every refusal is answered:
 * an error ack, or `signal-refused` for a signal sent without one (issue 14,
 * finding 10: refused signals used to vanish). Budgets that belong to a person
 * rather than a socket (ICE, failed invites) are in budgets.ts; connection
 * limits in connection-limits.ts.
 */
import type { Ack, SignalingError, SignalingErrorCode } from '../shared/signaling';
import { peerIdSchema, SIGNALING_MESSAGES } from '../shared/signaling';

export interface Limits {
  /** Events a socket may send per second, sustained. */
  eventsPerSecond: number;
  /** Events a socket may send in one burst (a join plus a trickle of candidates). */
  eventBurst: number;
  /** Invalid or refused-for-abuse messages a socket may send before it is disconnected. */
  invalidBudget: number;
  /** How fast that budget refills, per second, so an honest client that slips once is not punished forever. */
  invalidRefillPerSecond: number;
}

/** The largest message one client may send; a description is a few KB, so 64 KB is plenty. */
export const MAX_HTTP_BUFFER_BYTES = 64 * 1024;

export const DEFAULT_LIMITS: Limits = {
  eventsPerSecond: 50,
  eventBurst: 200,
  invalidBudget: 20,
  invalidRefillPerSecond: 0.2,
};

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Takes one token; false when the bucket is empty. */
  take(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.ratePerSecond);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** How many non-callback arguments each event takes (the ack callback comes last). */
export const EVENT_ARITY: Readonly<Record<string, number>> = { join: 1, signal: 1, leave: 0, admission: 0 };

export function failure(code: SignalingErrorCode, detail?: string): Ack<never> {
  const message = detail ? `${SIGNALING_MESSAGES[code]} (${detail})` : SIGNALING_MESSAGES[code];
  return { ok: false, error: { code, message } };
}

/** Calls `ack` only when the client supplied a function; hostile clients may not. */
export function reply<T>(ack: unknown, result: Ack<T>): void {
  if (typeof ack === 'function') (ack as (r: Ack<T>) => void)(result);
}

export interface GuardedSocket {
  use(fn: (packet: unknown[], next: (err?: Error) => void) => void): unknown;
  emit(event: 'signal-refused', refusal: { to: string; error: SignalingError }): unknown;
  disconnect(close?: boolean): unknown;
}

/** Answers a refused event: in its ack, or (a signal without one) as `signal-refused` to the peer it named. */
function refuse(socket: GuardedSocket, event: unknown, args: unknown[], result: Ack<never>): void {
  const ack = args.at(-1);
  if (typeof ack === 'function' || result.ok) return reply(ack, result);
  if (event !== 'signal') return;
  const to = peerIdSchema.safeParse((args[0] as { to?: unknown } | null | undefined)?.to);
  if (to.success) socket.emit('signal-refused', { to: to.data, error: result.error });
}

/**
 * Installs the guard on one socket and returns `strike`, which handlers call
 * when a payload fails validation. The guard answers refusals itself. Going
 * over the rate is refused but forgiven up to as much again (a burst of
 * candidates at a call's start); past that each refused message is a strike.
 */
export function guardSocket(socket: GuardedSocket, limits: Limits): { strike(): void } {
  const events = new TokenBucket(limits.eventsPerSecond, limits.eventBurst);
  const overflow = new TokenBucket(limits.eventsPerSecond, limits.eventBurst);
  const invalid = new TokenBucket(limits.invalidRefillPerSecond, limits.invalidBudget);
  let closed = false;
  const strike = () => {
    if (closed || invalid.take()) return;
    closed = true;
    // Let the refusal go out first: the client learns why before it is dropped.
    setImmediate(() => socket.disconnect(true));
  };
  socket.use((packet, next) => {
    const [event, ...args] = packet;
    const ack = args.at(-1);
    const values = typeof ack === 'function' ? args.length - 1 : args.length;
    if (!events.take()) {
      refuse(socket, event, args, failure('rate-limited', `at most ${limits.eventsPerSecond} messages per second`));
      return overflow.take() ? undefined : strike();
    }
    const arity = typeof event === 'string' && Object.hasOwn(EVENT_ARITY, event) ? EVENT_ARITY[event] : undefined;
    if (arity === undefined) {
      reply(ack, failure('unknown-event', typeof event === 'string' ? `"${event.slice(0, 40)}"` : 'not a name'));
      return strike();
    }
    if (values !== arity) {
      reply(
        ack,
        failure('invalid', `${String(event)} takes ${arity} argument${arity === 1 ? '' : 's'}, got ${values}`),
      );
      return strike();
    }
    next();
  });
  return { strike };
}
