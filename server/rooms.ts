/**
 * Room membership on a socket.io server, on one process or many: joins (one at a time per room,
 * the seat count under the cluster lock, the invite's room, a resumed session's old id), leaves,
 * and the leave of a dropped socket announced after a grace. Processes share one roster
 * (room-roster.ts) so signal routing need not ask the cluster.
 */
import { authError } from './auth';
import { failure } from './limits';
import type { ResumeSecrets } from './resume';
import { CLUSTER_TIMEOUT_MS, RoomRoster, type InterServerEvents } from './room-roster';
import { placeJoin, type SfuOptions } from './room-mode';
import type { Unlock } from './scale-out';
import type { SignalingServer, SignalingSocket } from './signaling';
import { handshakeAuthSchema, type Ack, type JoinRequest, type JoinResult } from '../shared/signaling';

export interface RoomsOptions {
  /** How long peers wait before hearing `peer-left` for a socket that may recover its session. */
  graceMs: number;
  /** Other server processes share rooms with this one (Redis adapter). */
  clustered: boolean;
  /** A lock across processes, so joins on two processes cannot both take a room's last seat. */
  lock: (name: string) => Promise<Unlock>;
  resume: ResumeSecrets;
  /** Janus for rooms beyond the mesh; without it rooms stay meshes of at most four. */
  sfu?: SfuOptions;
}

type RemoteSocket = Awaited<ReturnType<ReturnType<SignalingServer['in']>['fetchSockets']>>[number];

const roomKey = (room: string) => `room:${room}`;

// Disconnect reasons after which socket.io can recover the session (its own list).
const RECOVERABLE = new Set([
  'transport error',
  'transport close',
  'forced close',
  'ping timeout',
  'server shutting down',
  'forced server close',
]);

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

/** Why this socket may not join this room now, or null. */
function refusal(socket: SignalingSocket, room: string): Ack<never> | null {
  if (!socket.connected) return failure('invalid', 'disconnected');
  if (socket.data.room === room) return failure('invalid', 'already in this room');
  const invite = socket.data.invite;
  if (invite && invite.room !== room) return { ok: false, error: authError('auth-wrong-room') };
  if (invite && invite.exp * 1000 <= Date.now()) return { ok: false, error: authError('auth-expired') };
  return null;
}

export class Rooms {
  private readonly roster: RoomRoster;
  private readonly queue = new KeyedQueue();

  constructor(
    private readonly io: SignalingServer,
    private readonly options: RoomsOptions,
  ) {
    this.roster = new RoomRoster(io);
    const sweeper = setInterval(() => this.roster.sweep(), 30_000);
    sweeper.unref();
    io.engine.on('close', () => clearInterval(sweeper));
    if (options.clustered) {
      // From other processes through Redis, which only servers can reach.
      const valid = (room: unknown, id: unknown) => typeof room === 'string' && typeof id === 'string';
      io.on('roster-join', (room, id) => valid(room, id) && this.roster.add(room, id));
      io.on('roster-leave', (room, id) => valid(room, id) && this.roster.forget(room, id));
    }
  }

  /** One join per room at a time: on this process by the queue, across processes by the lock. */
  join(socket: SignalingSocket, room: string, name: string, offer?: JoinRequest['offer']): Promise<Ack<JoinResult>> {
    return this.queue.run(room, async () => {
      const unlock = await this.options.lock(roomKey(room));
      try {
        return await this.joinLocked(socket, room, name, offer);
      } finally {
        await unlock().catch(() => undefined); // a cluster lock expires by itself
      }
    });
  }

  async leave(socket: SignalingSocket): Promise<void> {
    const room = socket.data.room;
    if (room === undefined) return;
    socket.data.room = undefined;
    await socket.leave(roomKey(room));
    this.announceLeft(room, socket.id);
  }

  /** A socket disconnected: its peers hear of it now, or after the grace when socket.io can recover it. */
  dropped(socket: SignalingSocket, reason: string): void {
    const room = socket.data.room;
    if (room === undefined) return;
    if (this.options.graceMs > 0 && RECOVERABLE.has(reason)) return this.leaveAfterGrace(room, socket.id);
    socket.data.room = undefined;
    this.announceLeft(room, socket.id);
  }

  /** True when someone in `room`, on any process, is on the SFU (the room moved there, or began there). */
  async onSfu(room: string): Promise<boolean> {
    const present = await this.io.in(roomKey(room)).timeout(CLUSTER_TIMEOUT_MS).fetchSockets();
    return present.some((s) => s.data.mode === 'sfu');
  }

  /** True when `id` is in `room` on any process; throws when the cluster does not answer. */
  has(room: string, id: string): Promise<boolean> {
    return this.roster.has(roomKey(room), id);
  }

  private async joinLocked(
    socket: SignalingSocket,
    room: string,
    name: string,
    offer: JoinRequest['offer'],
  ): Promise<Ack<JoinResult>> {
    const refused = refusal(socket, room);
    if (refused) return refused;
    await this.leave(socket);
    const key = roomKey(room);
    const others = (await this.io.in(key).timeout(CLUSTER_TIMEOUT_MS).fetchSockets()).filter((s) => s.id !== socket.id);
    // Our own earlier connection, if this one proved it is its successor: it is not someone to meet.
    const previousId = this.previousSession(socket);
    const present = others.filter((s) => s.id !== previousId);
    const placed = await placeJoin(this.options.sfu, room, present);
    if (!placed.ok) return placed;
    const placement = placed.value;
    if (previousId) this.dropPreviousSession(previousId, room, others);
    socket.data.room = room;
    socket.data.name = name;
    socket.data.mode = placement.mode;
    await socket.join(key);
    for (const s of present) this.roster.add(key, s.id);
    this.roster.add(key, socket.id);
    // Before peer-joined, in the same stream: other processes know the newcomer before anyone signals to it.
    this.tellOthers('roster-join', key, socket.id);
    // A mesh this join grew past its size: its people move to Janus, where the newcomer is (before
    // peer-joined, so they meet the newcomer there and not in the mesh).
    if (placement.mode === 'sfu' && placement.moves) {
      for (const s of present) if (s.data.mode !== 'sfu') s.emit('room-moved', { size: present.length + 1 });
    }
    socket.to(key).emit('peer-joined', { id: socket.id, name });
    // The offer the join carried, to one person present, after peer-joined: as if the newcomer had sent it.
    // Not on the SFU: media goes to Janus, not to a person.
    const offeredTo = offer && placement.mode === 'mesh' ? present[0]?.id : undefined;
    if (offer && offeredTo) this.io.to(offeredTo).emit('signal', { from: socket.id, data: { description: offer } });
    const peers = present.map((s) => ({ id: s.id, name: s.data.name ?? '' }));
    const resume = this.options.resume.issue(socket.id);
    const value: JoinResult = { id: socket.id, room, peers, resume, ...(offeredTo ? { offeredTo } : {}) };
    const where = placement.mode === 'sfu' ? { mode: placement.mode, janus: placement.janus } : placement;
    return { ok: true, value: { ...value, ...where } };
  }

  /**
   * The id a client that lost its session says it was, when it has the secret this server gave
   * that id (issue 14, finding 9: anyone could name anyone); else null.
   */
  private previousSession(socket: SignalingSocket): string | null {
    const previous = handshakeAuthSchema.safeParse(socket.handshake.auth);
    if (!previous.success || previous.data.previousId === undefined) return null;
    const previousId = previous.data.previousId;
    if (previousId === socket.id || !this.options.resume.verify(previousId, previous.data.resume)) return null;
    return previousId;
  }

  /**
   * Peers drop the old link now. When the old connection still looks alive here (the client's
   * network changed under it, and nothing has refused it yet), it is closed: the same person
   * cannot be in the room twice, and the frozen copy would stay until its ping timed out.
   */
  private dropPreviousSession(previousId: string, room: string, others: readonly RemoteSocket[]): void {
    if (others.some((s) => s.id === previousId)) this.io.in(previousId).disconnectSockets(true);
    this.io.to(roomKey(room)).emit('peer-left', { id: previousId });
  }

  /** Peers hear of a dropped socket after the grace, unless it came back (on any process) meanwhile. */
  private leaveAfterGrace(room: string, id: string): void {
    setTimeout(() => {
      this.roster
        .members(roomKey(room))
        .then((ids) => (ids.has(id) ? undefined : this.announceLeft(room, id)))
        .catch(() => this.announceLeft(room, id));
    }, this.options.graceMs).unref();
  }

  private announceLeft(room: string, id: string): void {
    this.roster.forget(roomKey(room), id);
    this.tellOthers('roster-leave', roomKey(room), id);
    this.io.to(roomKey(room)).emit('peer-left', { id });
  }

  private tellOthers(event: keyof InterServerEvents, room: string, id: string): void {
    if (this.options.clustered) this.io.serverSideEmit(event, room, id);
  }
}
