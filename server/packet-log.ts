/**
 * Connection state recovery on one process without the garbage. socket.io's
 * own SessionAwareAdapter keeps every emitted packet as live objects for up to
 * a minute: at thousands of signals a second every one survives the young
 * generation, so each scavenge copies megabytes and relay p99 climbs from
 * ~3 ms to ~40 ms (bench/signaling.ts). This adapter keeps the recovery window
 * as bytes in one off-heap ring instead: no object per packet, and
 * replay decodes only what a returning client missed.
 */
import { Adapter, type BroadcastOptions, type PrivateSessionId, type Room, type Session } from 'socket.io-adapter';

/** What this adapter reads of its namespace (socket.io types it `any`). */
interface RecoveringNamespace {
  server: { opts: { connectionStateRecovery?: { maxDisconnectionDuration?: number } } };
}

/**
 * The ring is allocated once, at its full size (the OS commits its pages as the
 * writes first reach them): growing it under traffic (allocate, copy) made V8
 * count new external memory and start extra major GCs, each a 50-130 ms stall on
 * two cores. 64 MB holds a 10 s window at ~6,000 signals a second.
 */
export const DEFAULT_CAPACITY_BYTES = 64 << 20;
const MAX_RECORDS = 1 << 18;

/** Who a logged packet went to; its body is the packet as socket.io encoded it for the wire. */
type Audience = [rooms: Room[], except: Room[]];

/**
 * An append-only log of records in a ring of bytes, with a sequence number per
 * record. Records older than `windowMs` are dropped as new ones arrive; when the
 * ring is full the oldest go first, even inside the window (their clients then
 * start fresh sessions, as after a long outage).
 */
export class PacketLog {
  private readonly bytes: Buffer;
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
    capacityBytes = DEFAULT_CAPACITY_BYTES,
  ) {
    this.bytes = Buffer.allocUnsafeSlow(capacityBytes);
  }

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

  /**
   * Appends one record, `head` or (with a body) `head` + newline + `body`'s bytes;
   * returns its sequence number, or -1 when it is larger than the log can ever hold.
   */
  append(head: string, body?: Uint8Array): number {
    const headLength = Buffer.byteLength(head);
    const length = body ? headLength + 1 + body.length : headLength;
    if (length > this.bytes.length / 4) return -1;
    const now = this.now();
    while (this.size > 0 && this.times[this.first % MAX_RECORDS]! < now - this.windowMs) this.first += 1;
    if (this.size === MAX_RECORDS) this.first += 1;
    while (this.size > 0 && !this.fits(length)) this.first += 1; // full: the oldest go
    if (this.size === 0 || this.head + length > this.bytes.length) this.head = 0;
    const seq = this.next;
    const slot = seq % MAX_RECORDS;
    this.bytes.write(head, this.head, 'utf8');
    if (body) {
      this.bytes[this.head + headLength] = 0x0a;
      this.bytes.set(body, this.head + headLength + 1);
    }
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
    const tail = this.starts[this.first % MAX_RECORDS]!;
    // Not wrapped: room after head, or at the front before the oldest record.
    if (tail < this.head) return this.head + length <= this.bytes.length || length <= tail;
    return this.head + length <= tail;
  }
}

const included = (sessionRooms: Room[], [rooms, except]: Audience) =>
  (rooms.length === 0 || sessionRooms.some((room) => rooms.includes(room))) &&
  sessionRooms.every((room) => !except.includes(room));

// socket.io's wire form of an event on the main namespace without an ack: "2" then the JSON array.
const EVENT_PREFIX = '2';
// The engine.io "message" type socket.io puts before it in a pre-encoded WebSocket frame.
const ENGINE_MESSAGE = 0x34;

type Encode = (packet: unknown, packetOpts: Record<string, unknown>) => unknown[];

/** socket.io's in-memory adapter with recovery backed by a PacketLog. */
export class PacketLogAdapter extends Adapter {
  private readonly windowMs: number;
  private readonly log: PacketLog;
  private readonly sessions = new Map<
    PrivateSessionId,
    { session: Omit<Session, 'missedPackets'>; disconnectedAt: number }
  >();
  private readonly sweeper: NodeJS.Timeout;

  constructor(nsp: RecoveringNamespace) {
    super(nsp);
    this.windowMs = nsp.server.opts.connectionStateRecovery?.maxDisconnectionDuration ?? 120_000;
    this.log = new PacketLog(this.windowMs);
    // `_encode` is private to socket.io-adapter (typed without a signature): wrap it to see what it encoded.
    const self = this as unknown as { _encode: Encode };
    const encode = self._encode.bind(this);
    self._encode = (packet, packetOpts) => {
      const encoded = encode(packet, packetOpts);
      this.logEncoded(encoded, packetOpts);
      return encoded;
    };
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
    if (!stored || stored.disconnectedAt + this.windowMs < Date.now())
      return Promise.reject(new Error('session expired'));
    const records = /^[0-9a-z]{1,11}$/.test(offset) ? this.log.after(parseInt(offset, 36)) : null;
    if (!records) return Promise.reject(new Error('offset no longer kept'));
    const missedPackets: unknown[][] = [];
    for (const record of records) {
      const newline = record.indexOf('\n');
      const audience = JSON.parse(record.slice(0, newline)) as Audience;
      if (included(stored.session.rooms, audience))
        missedPackets.push(JSON.parse(record.slice(newline + 1 + EVENT_PREFIX.length)) as unknown[]);
    }
    return Promise.resolve({ ...stored.session, missedPackets });
  }

  /** The audience of the packet being broadcast, while socket.io encodes it (see _encode). */
  private logging: Audience | null = null;

  override broadcast(
    packet: { type: number; id?: number; nsp?: string; data: unknown[] },
    opts: BroadcastOptions,
  ): void {
    // As socket.io's own: events without an ack, not volatile, are kept and carry their offset last.
    if (packet.type === 2 && packet.id === undefined && opts.flags?.volatile === undefined) {
      packet.data.push(this.log.nextSeq.toString(36));
      this.logging = [[...opts.rooms], [...(opts.except ?? [])]];
    }
    try {
      super.broadcast(packet, opts);
    } finally {
      this.logging = null;
    }
  }

  /**
   * socket.io encodes each broadcast once, in the adapter's private `_encode`, and
   * also builds the WebSocket frame ("4" + the encoded packet) as bytes there: the
   * log copies those bytes rather than serialising the packet a second time.
   */
  private logEncoded(encoded: unknown[], packetOpts: Record<string, unknown>): void {
    const audience = this.logging;
    this.logging = null;
    const text = encoded[0];
    if (!audience || encoded.length !== 1 || typeof text !== 'string' || !text.startsWith(EVENT_PREFIX)) return;
    const frame = packetOpts.wsPreEncodedFrame;
    const payload: unknown = Array.isArray(frame) ? frame.at(-1) : undefined;
    const body =
      payload instanceof Uint8Array && payload[0] === ENGINE_MESSAGE ? payload.subarray(1) : Buffer.from(text);
    this.log.append(JSON.stringify(audience), body);
  }
}
