/**
 * The recovery window of a busy single-process server as bytes: an append-only
 * log of text records in one ring allocated up front, so that keeping a few
 * seconds of traffic costs no JavaScript object per message (see
 * packet-log-adapter.ts, which logs each broadcast here).
 */

/**
 * The ring is allocated once, at its full size (the OS commits its pages as the
 * writes first reach them): growing it under traffic (allocate, copy) made V8
 * count new external memory and start extra major GCs, each a 50-130 ms stall on
 * two cores. 64 MB holds a 10 s window at ~6,000 signals a second.
 */
export const DEFAULT_CAPACITY_BYTES = 64 << 20;
const MAX_RECORDS = 1 << 18;

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

  /** Appends one record; returns its sequence number, or -1 when it is larger than the log can ever hold. */
  append(record: string): number {
    const length = Buffer.byteLength(record);
    if (length > this.bytes.length / 4) return -1;
    const now = this.now();
    while (this.size > 0 && this.times[this.first % MAX_RECORDS]! < now - this.windowMs) this.first += 1;
    if (this.size === MAX_RECORDS) this.first += 1;
    while (this.size > 0 && !this.fits(length)) this.first += 1; // full: the oldest go
    if (this.size === 0 || this.head + length > this.bytes.length) this.head = 0;
    const seq = this.next;
    const slot = seq % MAX_RECORDS;
    this.bytes.write(record, this.head, 'utf8');
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
