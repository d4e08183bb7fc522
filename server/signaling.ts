/**
 * Room and signal handling on a socket.io server: join (mesh rooms of up to
 * four), leave, and opaque relay of descriptions and candidates between peers
 * of one room, on one process or many (Redis adapter). Every payload is parsed;
 * a bad one is answered with an error ack and changes nothing. With an invite
 * secret, the handshake needs an invite and a join must be to the invite's room.
 */
import type { Server, Socket } from 'socket.io';
import type { InviteClaims } from '../shared/invite';
import {
  MAX_ROOM_SIZE,
  handshakeAuthSchema,
  joinRequestSchema,
  outgoingSignalSchema,
  type Ack,
  type ClientToServerEvents,
  type JoinResult,
  type ServerToClientEvents,
} from '../shared/signaling';
import { admitSockets } from './admission';
import { authError, openAuth, type ServerAuth } from './auth';
import type { Budgets } from './budgets';
import type { AddressOf } from './client-address';
import { DEFAULT_LIMITS, failure, guardSocket, reply, type Limits } from './limits';
import { freshResumeKey, resumeSecrets, type ResumeSecrets } from './resume';
import { CLUSTER_TIMEOUT_MS, RoomRoster, type InterServerEvents } from './room-roster';
import type { Unlock } from './scale-out';
import { errorMessage } from '../shared/error-message';

export interface SocketData {
  room?: string;
  name?: string;
  /** The invite this socket was admitted with (null: open rooms). */
  invite?: InviteClaims | null;
}

export type SignalingServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type SignalingSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export interface SignalingOptions {
  auth?: ServerAuth;
  limits?: Limits;
  /**
   * After a drop the client may come back with its session (connection state
   * recovery); peers hear `peer-left` only once this has passed without it.
   * Zero announces at once.
   */
  leaveGraceMs?: number;
  /** Other server processes share rooms with this one (Redis adapter). */
  clustered?: boolean;
  /** A lock across processes, so joins on two processes cannot both take a room's last seat. */
  lock?: (name: string) => Promise<Unlock>;
  /** Binds `previousId` to the socket it was issued to; every process of a cluster needs the same key. */
  resume?: ResumeSecrets;
  /** Failed invite attempts per address (a bad token at the handshake spends from it). */
  budgets?: Budgets;
  /** The client address of a handshake (TRUST_PROXY aware); the socket's peer address without it. */
  addressOf?: AddressOf;
}

const roomKey = (room: string) => `room:${room}`;

/** One process alone needs no lock beyond its own queue. */
const noLock = (): Promise<Unlock> => Promise.resolve(() => Promise.resolve());

/** Runs tasks for one key one at a time on this process (the cluster lock covers the others). */
class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(task, task);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }
}

/** A cluster request that failed (a process stopped answering) becomes an error ack, never a crash. */
function unavailable(error: unknown): Ack<never> {
  return failure('unavailable', errorMessage(error));
}

// Disconnect reasons after which socket.io can recover the session (its own list).
const RECOVERABLE = new Set([
  'transport error',
  'transport close',
  'forced close',
  'ping timeout',
  'server shutting down',
  'forced server close',
]);

export function attachSignaling(io: SignalingServer, options: SignalingOptions = {}): void {
  const auth = options.auth ?? openAuth;
  const limits = options.limits ?? DEFAULT_LIMITS;
  const graceMs = options.leaveGraceMs ?? 0;
  const joins = new KeyedQueue();
  const lock = options.lock ?? noLock;
  const roster = new RoomRoster(io);
  const sweeper = setInterval(() => roster.sweep(), 30_000);
  sweeper.unref();
  io.engine.on('close', () => clearInterval(sweeper));
  if (options.clustered) {
    // From other processes through Redis, which only servers can reach.
    io.on('roster-join', (room, id) => typeof room === 'string' && typeof id === 'string' && roster.add(room, id));
    io.on('roster-leave', (room, id) => typeof room === 'string' && typeof id === 'string' && roster.forget(room, id));
  }
  const tellOthers = (event: keyof InterServerEvents, room: string, id: string) => {
    if (options.clustered) io.serverSideEmit(event, room, id);
  };

  const resume = options.resume ?? resumeSecrets(freshResumeKey());
  admitSockets(io, { auth, ...(options.budgets ? { budgets: options.budgets } : {}), addressOf: options.addressOf });

  function announceLeft(room: string, id: string): void {
    roster.forget(roomKey(room), id);
    tellOthers('roster-leave', roomKey(room), id);
    io.to(roomKey(room)).emit('peer-left', { id });
  }

  async function leaveRoom(socket: SignalingSocket): Promise<void> {
    const room = socket.data.room;
    if (room === undefined) return;
    socket.data.room = undefined;
    await socket.leave(roomKey(room));
    announceLeft(room, socket.id);
  }

  /** Peers hear of a dropped socket after the grace, unless it came back (on any process) meanwhile. */
  function leaveAfterGrace(room: string, id: string): void {
    setTimeout(() => {
      roster
        .members(roomKey(room))
        .then((ids) => (ids.has(id) ? undefined : announceLeft(room, id)))
        .catch(() => announceLeft(room, id));
    }, graceMs).unref();
  }

  async function join(socket: SignalingSocket, room: string, name: string): Promise<Ack<JoinResult>> {
    if (!socket.connected) return failure('invalid', 'disconnected');
    if (socket.data.room === room) return failure('invalid', 'already in this room');
    const invite = socket.data.invite;
    if (invite && invite.room !== room) return { ok: false, error: authError('auth-wrong-room') };
    if (invite && invite.exp * 1000 <= Date.now()) return { ok: false, error: authError('auth-expired') };
    await leaveRoom(socket);
    const present = (await io.in(roomKey(room)).timeout(CLUSTER_TIMEOUT_MS).fetchSockets()).filter(
      (s) => s.id !== socket.id,
    );
    if (present.length >= MAX_ROOM_SIZE) return failure('room-full');
    // A client that lost its session says who it was, so peers drop the old link now.
    // It counts only with the secret this server gave that id (issue 14, finding 9: anyone could name anyone).
    const previous = handshakeAuthSchema.safeParse(socket.handshake.auth);
    const previousId = previous.success ? previous.data.previousId : undefined;
    const proven = previousId !== undefined && previous.success && resume.verify(previousId, previous.data.resume);
    if (proven && previousId !== socket.id && !present.some((s) => s.id === previousId)) {
      io.to(roomKey(room)).emit('peer-left', { id: previousId });
    }
    socket.data.room = room;
    socket.data.name = name;
    await socket.join(roomKey(room));
    for (const s of present) roster.add(roomKey(room), s.id);
    roster.add(roomKey(room), socket.id);
    // Before peer-joined, in the same stream: other processes know the newcomer before anyone signals to it.
    tellOthers('roster-join', roomKey(room), socket.id);
    socket.to(roomKey(room)).emit('peer-joined', { id: socket.id, name });
    const peers = present.map((s) => ({ id: s.id, name: s.data.name ?? '' }));
    return { ok: true, value: { id: socket.id, room, peers, resume: resume.issue(socket.id) } };
  }

  io.on('connection', (socket) => {
    const guard = guardSocket(socket, limits);
    const strike = () => guard.strike();

    socket.on('join', (request: unknown, ack: unknown) => {
      const parsed = joinRequestSchema.safeParse(request);
      if (!parsed.success) {
        reply(ack, failure('invalid', parsed.error.issues[0]?.message));
        return strike();
      }
      const { room, name } = parsed.data;
      // One join per room at a time: on this process by the queue, across processes by the lock.
      void joins
        .run(room, async () => {
          const unlock = await lock(roomKey(room));
          try {
            return await join(socket, room, name);
          } finally {
            await unlock().catch(() => undefined); // a cluster lock expires by itself
          }
        })
        .catch(unavailable)
        .then((result) => reply(ack, result));
    });

    socket.on('leave', (ack: unknown) => {
      void leaveRoom(socket)
        .then((): Ack<null> => ({ ok: true, value: null }), unavailable)
        .then((result) => reply(ack, result));
    });

    socket.on('signal', (signal: unknown, ack: unknown) => {
      const parsed = outgoingSignalSchema.safeParse(signal);
      if (!parsed.success) {
        reply(ack, failure('invalid', parsed.error.issues[0]?.message));
        return strike();
      }
      const { to, data } = parsed.data;
      // With an ack the answer goes there; without one only refusals are sent back, which halves the packets per relay.
      const answer = (result: Ack<null>) => {
        if (typeof ack === 'function') reply(ack, result);
        else if (!result.ok) socket.emit('signal-refused', { to, error: result.error });
      };
      const room = socket.data.room;
      if (room === undefined) return answer(failure('not-in-room'));
      const deliver = () => {
        io.to(to).emit('signal', { from: socket.id, data });
        answer({ ok: true, value: null });
      };
      const local = io.sockets.sockets.get(to);
      if (local) return local.data.room === room ? deliver() : answer(failure('unknown-peer'));
      // The peer may live on another server process (Redis adapter): ask the roster.
      roster.has(roomKey(room), to).then(
        (present) => (present ? deliver() : answer(failure('unknown-peer'))),
        (error: unknown) => answer(unavailable(error)),
      );
    });

    socket.on('disconnect', (reason) => {
      const room = socket.data.room;
      if (room === undefined) return;
      if (graceMs > 0 && RECOVERABLE.has(reason)) return leaveAfterGrace(room, socket.id);
      socket.data.room = undefined;
      announceLeft(room, socket.id);
    });
  });
}
