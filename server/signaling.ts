/**
 * Room and signal handling on a socket.io server: join (mesh rooms of up to
 * four), leave, and opaque relay of descriptions and candidates between peers
 * of one room. Every payload is parsed; a bad one is answered with an error ack
 * and changes nothing.
 */
import type { Server, Socket } from 'socket.io';
import {
  MAX_ROOM_SIZE,
  SIGNALING_MESSAGES,
  joinRequestSchema,
  outgoingSignalSchema,
  type Ack,
  type ClientToServerEvents,
  type JoinResult,
  type ServerToClientEvents,
  type SignalingErrorCode,
} from '../shared/signaling';

export interface SocketData {
  room?: string;
  name?: string;
}

export type SignalingServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type SignalingSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const roomKey = (room: string) => `room:${room}`;

function fail(code: SignalingErrorCode, detail?: string): Ack<never> {
  const message = detail ? `${SIGNALING_MESSAGES[code]} (${detail})` : SIGNALING_MESSAGES[code];
  return { ok: false, error: { code, message } };
}

/** Calls `ack` only when the client supplied a function; hostile clients may not. */
function reply<T>(ack: unknown, result: Ack<T>): void {
  if (typeof ack === 'function') (ack as (r: Ack<T>) => void)(result);
}

/** Runs tasks for one key one at a time, so two joins cannot both take the last seat. */
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

export function attachSignaling(io: SignalingServer): void {
  const joins = new KeyedQueue();

  async function leaveRoom(socket: SignalingSocket): Promise<void> {
    const room = socket.data.room;
    if (room === undefined) return;
    socket.data.room = undefined;
    await socket.leave(roomKey(room));
    socket.to(roomKey(room)).emit('peer-left', { id: socket.id });
  }

  io.on('connection', (socket) => {
    socket.on('join', (request: unknown, ack: unknown) => {
      const parsed = joinRequestSchema.safeParse(request);
      if (!parsed.success) return reply(ack, fail('invalid', parsed.error.issues[0]?.message));
      const { room, name } = parsed.data;
      void joins
        .run(room, async (): Promise<Ack<JoinResult>> => {
          if (!socket.connected) return fail('invalid', 'disconnected');
          if (socket.data.room === room) return fail('invalid', 'already in this room');
          await leaveRoom(socket);
          const present = (await io.in(roomKey(room)).fetchSockets()).filter((s) => s.id !== socket.id);
          if (present.length >= MAX_ROOM_SIZE) return fail('room-full');
          socket.data.room = room;
          socket.data.name = name;
          await socket.join(roomKey(room));
          socket.to(roomKey(room)).emit('peer-joined', { id: socket.id, name });
          const peers = present.map((s) => ({ id: s.id, name: s.data.name ?? '' }));
          return { ok: true, value: { id: socket.id, room, peers } };
        })
        .then((result) => reply(ack, result));
    });

    socket.on('leave', (ack: unknown) => {
      void leaveRoom(socket).then(() => reply(ack, { ok: true, value: null }));
    });

    socket.on('signal', (signal: unknown, ack: unknown) => {
      const parsed = outgoingSignalSchema.safeParse(signal);
      if (!parsed.success) return reply(ack, fail('invalid', parsed.error.issues[0]?.message));
      const room = socket.data.room;
      if (room === undefined) return reply(ack, fail('not-in-room'));
      const { to, data } = parsed.data;
      const local = io.sockets.sockets.get(to);
      const deliver = () => {
        io.to(to).emit('signal', { from: socket.id, data });
        reply(ack, { ok: true, value: null });
      };
      if (local) return local.data.room === room ? deliver() : reply(ack, fail('unknown-peer'));
      // The peer may live on another server process (Redis adapter): ask the room.
      void io
        .in(roomKey(room))
        .fetchSockets()
        .then((sockets) => (sockets.some((s) => s.id === to) ? deliver() : reply(ack, fail('unknown-peer'))));
    });

    socket.on('disconnect', () => {
      void leaveRoom(socket);
    });
  });
}
