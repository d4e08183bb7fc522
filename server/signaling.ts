/**
 * The socket events of the signaling server: join (a mesh of up to four, or a group call on
 * Janus: room-mode.ts) and leave, kept by rooms.ts, fresh Janus tokens for people on the SFU, and opaque relay of descriptions and candidates
 * between peers of one room, on one process or many (Redis adapter). Every payload is parsed;
 * a bad one is answered with an error ack and changes nothing. With an invite
 * secret, the handshake needs an invite and a join must be to the invite's room.
 */
import type { Server, Socket } from 'socket.io';
import type { InviteClaims } from '../shared/invite';
import {
  joinRequestSchema,
  outgoingSignalSchema,
  type Ack,
  type CallMode,
  type ClientToServerEvents,
  type JanusAdmission,
  type ServerToClientEvents,
} from '../shared/signaling';
import { admitSockets } from './admission';
import { openAuth, type ServerAuth } from './auth';
import type { Budgets } from './budgets';
import type { AddressOf } from './client-address';
import { DEFAULT_LIMITS, failure, guardSocket, reply, type Limits } from './limits';
import { freshResumeKey, resumeSecrets, type ResumeSecrets } from './resume';
import type { InterServerEvents } from './room-roster';
import type { SfuOptions } from './room-mode';
import { Rooms } from './rooms';
import type { Unlock } from './scale-out';
import { errorMessage } from '../shared/error-message';

export interface SocketData {
  room?: string;
  name?: string;
  /** The invite this socket was admitted with (null: open rooms). */
  invite?: InviteClaims | null;
  /** How its room's media flows for it (set at join). */
  mode?: CallMode;
}

export type SignalingServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type SignalingSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

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
  /** Janus for rooms beyond the mesh (JANUS_URL); without it rooms hold at most four. */
  sfu?: SfuOptions;
}

/** One process alone needs no lock beyond its own queue. */
const noLock = (): Promise<Unlock> => Promise.resolve(() => Promise.resolve());

/** A cluster request that failed (a process stopped answering) becomes an error ack, never a crash. */
function unavailable(error: unknown): Ack<never> {
  return failure('unavailable', errorMessage(error));
}

/** What a socket's handlers share: the rooms, and a strike against a client that sent garbage. */
interface SocketContext {
  io: SignalingServer;
  rooms: Rooms;
  socket: SignalingSocket;
  strike: () => void;
  sfu: SfuOptions | undefined;
}

function onJoin({ rooms, socket, strike }: SocketContext, request: unknown, ack: unknown): void {
  const parsed = joinRequestSchema.safeParse(request);
  if (!parsed.success) {
    reply(ack, failure('invalid', parsed.error.issues[0]?.message));
    return strike();
  }
  void rooms
    .join(socket, parsed.data.room, parsed.data.name, parsed.data.offer)
    .catch(unavailable)
    .then((result) => reply(ack, result));
}

function onLeave({ rooms, socket }: SocketContext, ack: unknown): void {
  void rooms
    .leave(socket)
    .then((): Ack<null> => ({ ok: true, value: null }), unavailable)
    .then((result) => reply(ack, result));
}

/**
 * Fresh Janus tokens for someone in a room on the SFU (theirs expire; Janus checks them on every
 * request), or the first ones for someone in a mesh that moved there (`room-moved`): from then on
 * they are on the SFU too, so the room stays there while any of them is in it.
 */
function onAdmission({ socket, sfu, rooms }: SocketContext, ack: unknown): void {
  const room = socket.data.room;
  if (room === undefined) return reply(ack, failure('not-in-room'));
  if (!sfu) return reply(ack, failure('invalid', 'this room is not on the SFU'));
  const onSfu = socket.data.mode === 'sfu' ? Promise.resolve(true) : rooms.onSfu(room);
  void onSfu
    .then(async (moved): Promise<Ack<JanusAdmission>> => {
      if (!moved) return failure('invalid', 'this room is not on the SFU');
      const janus = await sfu.rooms.admit(room);
      if (socket.data.room === room) socket.data.mode = 'sfu';
      return { ok: true, value: janus };
    })
    .catch(unavailable)
    .then((result) => reply(ack, result));
}

/** Relays a description or candidate to a peer of the sender's room, on this process or another. */
function onSignal({ io, rooms, socket, strike }: SocketContext, signal: unknown, ack: unknown): void {
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
  rooms.has(room, to).then(
    (present) => (present ? deliver() : answer(failure('unknown-peer'))),
    (error: unknown) => answer(unavailable(error)),
  );
}

export function attachSignaling(io: SignalingServer, options: SignalingOptions = {}): void {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const rooms = new Rooms(io, {
    graceMs: options.leaveGraceMs ?? 0,
    clustered: options.clustered ?? false,
    lock: options.lock ?? noLock,
    resume: options.resume ?? resumeSecrets(freshResumeKey()),
    ...(options.sfu ? { sfu: options.sfu } : {}),
  });
  admitSockets(io, {
    auth: options.auth ?? openAuth,
    ...(options.budgets ? { budgets: options.budgets } : {}),
    addressOf: options.addressOf,
  });
  io.on('connection', (socket) => {
    const guard = guardSocket(socket, limits);
    const context: SocketContext = { io, rooms, socket, strike: () => guard.strike(), sfu: options.sfu };
    socket.on('join', (request: unknown, ack: unknown) => onJoin(context, request, ack));
    socket.on('leave', (ack: unknown) => onLeave(context, ack));
    socket.on('admission', (ack: unknown) => onAdmission(context, ack));
    socket.on('signal', (signal: unknown, ack: unknown) => onSignal(context, signal, ack));
    socket.on('disconnect', (reason) => rooms.dropped(socket, reason));
  });
}
