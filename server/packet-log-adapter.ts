/**
 * Connection state recovery on one process without the garbage. socket.io's
 * own SessionAwareAdapter keeps every emitted packet as live objects for up to
 * a minute: at thousands of signals a second every one survives the young
 * generation, so each scavenge copies megabytes and relay p99 climbs from
 * ~3 ms to ~15 ms at 2,000 clients (bench/signaling.ts). This adapter keeps the
 * recovery window as text in one off-heap ring instead (packet-log.ts): no
 * object per packet, and a replay parses only what a returning client missed.
 *
 * It uses socket.io-adapter's documented extension points only, the ones
 * socket.io's own SessionAwareAdapter overrides: `broadcast` (to give each
 * packet its offset and keep it), `persistSession`, `restoreSession`, `close`.
 */
import type { Namespace } from 'socket.io';
import { Adapter, type BroadcastOptions, type PrivateSessionId, type Room, type Session } from 'socket.io-adapter';
import { PacketLog } from './packet-log';

export interface PacketLogOptions {
  /** How long a dropped client may come back (connectionStateRecovery.maxDisconnectionDuration), in ms. */
  windowMs: number;
  /** The ring's size; packet-log.ts's DEFAULT_CAPACITY_BYTES (64 MB) when absent. */
  capacityBytes?: number;
  now?: () => number;
}

type PersistedSession = Omit<Session, 'missedPackets'>;

/** One logged packet: who it went to, and its arguments (null when they could not be kept as JSON). */
type LoggedPacket = [rooms: Room[], except: Room[], data: unknown[] | null];

/** socket.io-parser's EVENT packet type: the only kind recovery keeps (as socket.io's own adapter). */
const EVENT = 2;

/** Binary arguments (which JSON would not bring back as they were), looked for as socket.io-parser does. */
function hasBinary(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof Blob) return true;
  if (Array.isArray(value)) return value.some(hasBinary);
  const toJSON: unknown = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return hasBinary(toJSON.call(value));
  return Object.values(value).some(hasBinary);
}

const included = (sessionRooms: Room[], [rooms, except]: LoggedPacket) =>
  (rooms.length === 0 || sessionRooms.some((room) => rooms.includes(room))) &&
  sessionRooms.every((room) => !except.includes(room));

/** socket.io's in-memory adapter with the recovery window kept in a PacketLog. */
export class PacketLogAdapter extends Adapter {
  private readonly log: PacketLog;
  private readonly now: () => number;
  private readonly sessions = new Map<PrivateSessionId, { session: PersistedSession; disconnectedAt: number }>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    nsp: Namespace,
    private readonly options: PacketLogOptions,
  ) {
    super(nsp);
    this.now = options.now ?? Date.now;
    this.log = new PacketLog(options.windowMs, this.now, options.capacityBytes);
    this.sweeper = setInterval(() => {
      const threshold = this.now() - options.windowMs;
      for (const [pid, stored] of this.sessions) if (stored.disconnectedAt < threshold) this.sessions.delete(pid);
    }, options.windowMs);
    this.sweeper.unref();
  }

  override close(): void {
    clearInterval(this.sweeper);
  }

  override persistSession(session: PersistedSession): void {
    this.sessions.set(session.pid, { session, disconnectedAt: this.now() });
  }

  override restoreSession(pid: PrivateSessionId, offset: string): Promise<Session> {
    const stored = this.sessions.get(pid);
    this.sessions.delete(pid);
    if (!stored || stored.disconnectedAt + this.options.windowMs < this.now())
      return Promise.reject(new Error('session expired'));
    const records = /^[0-9a-z]{1,11}$/.test(offset) ? this.log.after(parseInt(offset, 36)) : null;
    if (!records) return Promise.reject(new Error('offset no longer kept'));
    const missedPackets: unknown[][] = [];
    for (const record of records) {
      const packet = JSON.parse(record) as LoggedPacket;
      if (!included(stored.session.rooms, packet)) continue;
      if (packet[2] === null) return Promise.reject(new Error('a missed packet was not kept'));
      missedPackets.push(packet[2]);
    }
    return Promise.resolve({ ...stored.session, missedPackets });
  }

  /**
   * As socket.io's own: events without an ack, not volatile, are kept, and carry
   * their offset as their last argument (the client sends back the last one it saw).
   */
  override broadcast(packet: { type: number; id?: number; data: unknown[] }, opts: BroadcastOptions): void {
    if (packet.type === EVENT && packet.id === undefined && opts.flags?.volatile === undefined) {
      const seq = this.log.nextSeq;
      packet.data.push(seq.toString(36));
      const rooms = [...opts.rooms];
      const except = [...(opts.except ?? [])];
      const record = hasBinary(packet.data) ? null : JSON.stringify([rooms, except, packet.data]);
      // A packet the log cannot keep still takes its offset: a client that missed it starts a fresh session.
      if (record === null || this.log.append(record) === -1) this.log.append(JSON.stringify([rooms, except, null]));
    }
    super.broadcast(packet, opts);
  }
}

/** The `adapter` option of socket.io's Server: a PacketLogAdapter on every namespace. */
export function packetLogAdapter(options: PacketLogOptions): typeof Adapter {
  return class extends PacketLogAdapter {
    constructor(nsp: Namespace) {
      super(nsp, options);
    }
  };
}
