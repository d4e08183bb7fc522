/**
 * Connection state recovery on one process without the garbage. socket.io's
 * own SessionAwareAdapter keeps every emitted packet as live objects for up to
 * a minute: at thousands of signals a second every one survives the young
 * generation, so each scavenge copies megabytes and relay p99 climbs from
 * ~3 ms to ~40 ms (bench/signaling.ts). This adapter keeps the recovery window
 * as bytes in one growable off-heap ring instead: no object per packet, and
 * replay decodes only what a returning client missed.
 */
import { Adapter, type BroadcastOptions, type PrivateSessionId, type Room, type Session } from 'socket.io-adapter';

/** What this adapter reads of its namespace (socket.io types it `any`). */
interface RecoveringNamespace {
  server: { opts: { connectionStateRecovery?: { maxDisconnectionDuration?: number } } };
}

const INITIAL_BYTES = 1 << 20;
const MAX_BYTES = 256 << 20;
const MAX_RECORDS = 1 << 18;

interface LoggedPacket {
  rooms: Room[];
  except: Room[];
  data: unknown[];
}

/**
 * An append-only log of JSON records in a ring of bytes, with a sequence number
 * per record. Records older than `windowMs` are dropped as new ones arrive; the
 * ring grows (up to 256 MB) rather than drop a record still inside the window.
 */
export class PacketLog {
  private bytes: Buffer = Buffer.allocUnsafeSlow(INITIAL_BYTES);
  private readonly starts = new Uint32Array(MAX_RECORDS);
  private readonly lengths = new Uint32Array(MAX_RECORDS);
  private readonly times = new Float64Array(MAX_RECORDS);
  /** Sequence number of the oldest record kept, and of the next one. */
  private first = 0;
  private next = 0;
  /** Where the next record is written. */
  private head = 0;

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.next - this.first;
  }

  get capacityBytes(): number {
    return this.bytes.length;
  }

  /** The sequence number the next append will get. */
  get nextSeq(): number {
    return this.next;
  }

  /** Appends one record; returns its sequence number, or -1 when it is larger than the log can ever hold. */
  append(json: string): number {
    const length = Buffer.byteLength(json);
    if (length > MAX_BYTES / 4) return -1;
    const now = this.now();
    while (this.size > 0 && this.times[this.first % MAX_RECORDS]! < now - this.windowMs) this.first += 1;
    if (this.size === MAX_RECORDS) this.first += 1;
    while (!this.fits(length)) {
      if (this.bytes.length < MAX_BYTES) this.grow();
      else this.evictFor(length);
    }
    if (this.head + length > this.bytes.length) this.head = 0;
    const seq = this.next;
    const slot = seq % MAX_RECORDS;
    this.bytes.write(json, this.head, 'utf8');
    this.starts[slot] = this.head;
    this.lengths[slot] = length;
    this.times[slot] = now;
    this.head += length;
    this.next += 1;
    return seq;
  }

  /** The records after `seq`, oldest first; null when some of them are no longer kept. */
  after(seq: number): string[] | null {
    if (!Number.isInteger(seq) || seq < this.first - 1 || seq >= this.next) return null;
    const out: string[] = [];
    for (let s = seq + 1; s < this.next; s += 1) {
      const slot = s % MAX_RECORDS;
      const start = this.starts[slot]!;
      out.push(this.bytes.toString('utf8', start, start + this.lengths[slot]!));
    }
    return out;
  }

  /** Live records occupy [start(first), head) or, wrapped, [start(first), end) and [0, head). */
  private fits(length: number): boolean {
    if (this.size === 0) {
      this.head = 0;
      return length <= this.bytes.length;
    }
    const tail = this.starts[this.first % MAX_RECORDS]!;
    if (tail < this.head) {
      // Not wrapped: room after head, or at the front before the oldest record.
      return this.head + length <= this.bytes.length || length <= tail;
    }
    return this.head + length <= tail;
  }

  /** Drops the oldest records until `length` bytes fit at the head or at the front. */
  private evictFor(length: number): void {
    while (this.size > 0 && !this.fits(length)) this.first += 1;
  }

  /** Doubles the ring, copying the live records to its front in order. */
  private grow(): void {
    const bigger = Buffer.allocUnsafeSlow(Math.min(MAX_BYTES, this.bytes.length * 2));
    let at = 0;
    for (let s = this.first; s < this.next; s += 1) {
      const slot = s % MAX_RECORDS;
      const start = this.starts[slot]!;
      const length = this.lengths[slot]!;
      this.bytes.copy(bigger, at, start, start + length);
      this.starts[slot] = at;
      at += length;
    }
    this.bytes = bigger;
    this.head = at;
  }
}

const included = (sessionRooms: Room[], packet: LoggedPacket) =>
  (packet.rooms.length === 0 || sessionRooms.some((room) => packet.rooms.includes(room))) && sessionRooms.every((room) => !packet.except.includes(room));

/** socket.io's in-memory adapter with recovery backed by a PacketLog. */
export class PacketLogAdapter extends Adapter {
  private readonly windowMs: number;
  private readonly log: PacketLog;
  private readonly sessions = new Map<PrivateSessionId, { session: Omit<Session, 'missedPackets'>; disconnectedAt: number }>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(nsp: RecoveringNamespace) {
    super(nsp);
    this.windowMs = nsp.server.opts.connectionStateRecovery?.maxDisconnectionDuration ?? 120_000;
    this.log = new PacketLog(this.windowMs);
    this.sweeper = setInterval(() => {
      const threshold = Date.now() - this.windowMs;
      for (const [pid, stored] of this.sessions) if (stored.disconnectedAt < threshold) this.sessions.delete(pid);
    }, this.windowMs);
    this.sweeper.unref();
  }

  override close(): void {
    clearInterval(this.sweeper);
  }

  override persistSession(session: Omit<Session, 'missedPackets'>): void {
    this.sessions.set(session.pid, { session, disconnectedAt: Date.now() });
  }

  override restoreSession(pid: PrivateSessionId, offset: string): Promise<Session> {
    const stored = this.sessions.get(pid);
    this.sessions.delete(pid);
    if (!stored || stored.disconnectedAt + this.windowMs < Date.now()) return Promise.reject(new Error('session expired'));
    const records = /^[0-9a-z]{1,11}$/.test(offset) ? this.log.after(parseInt(offset, 36)) : null;
    if (!records) return Promise.reject(new Error('offset no longer kept'));
    const missedPackets: unknown[][] = [];
    for (const record of records) {
      const packet = JSON.parse(record) as LoggedPacket;
      if (included(stored.session.rooms, packet)) missedPackets.push(packet.data);
    }
    return Promise.resolve({ ...stored.session, missedPackets });
  }

  override broadcast(packet: { type: number; id?: number; data: unknown[] }, opts: BroadcastOptions): void {
    // As socket.io's own: events without an ack, not volatile, are kept and carry their offset last.
    if (packet.type === 2 && packet.id === undefined && opts.flags?.volatile === undefined) {
      const offset = this.log.nextSeq.toString(36);
      packet.data.push(offset);
      const record = JSON.stringify({ rooms: [...opts.rooms], except: [...(opts.except ?? [])], data: packet.data } satisfies LoggedPacket);
      this.log.append(record);
    }
    super.broadcast(packet, opts);
  }
}
