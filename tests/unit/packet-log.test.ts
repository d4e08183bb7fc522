/** The off-heap recovery log: order, the time window, eviction when full, wrapping, and what a returning client can replay. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PacketLog } from '../../server/packet-log';

/** 200 logs of 4 MB of index arrays each: seconds on a loaded two-core machine, past Vitest's default 5 s. */
const PROPERTY_TIMEOUT_MS = 60_000;

function clock(start = 0) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('PacketLog', () => {
  it('returns what came after an offset, oldest first', () => {
    const log = new PacketLog(10_000);
    const seqs = ['"a"', '"b"', '"c"'].map((r) => log.append(r));
    expect(seqs).toEqual([0, 1, 2]);
    expect(log.after(0)).toEqual(['"b"', '"c"']);
    expect(log.after(2)).toEqual([]);
    expect(log.after(3)).toBeNull(); // not issued yet
    expect(log.after(-2)).toBeNull();
  });

  it('keeps multi-byte text intact', () => {
    const log = new PacketLog(10_000);
    log.append('"start"');
    log.append(JSON.stringify({ name: 'Zoë 🦊 ΑΒΓ', sdp: 'a=ice-ufrag:ü' }));
    expect(JSON.parse(log.after(0)![0]!)).toEqual({ name: 'Zoë 🦊 ΑΒΓ', sdp: 'a=ice-ufrag:ü' });
  });

  it('drops records older than the window as new ones arrive; an offset before them can no longer be replayed', () => {
    const c = clock();
    const log = new PacketLog(1_000, c.now);
    log.append('"old"');
    log.append('"old2"');
    c.advance(1_500);
    log.append('"new"');
    expect(log.size).toBe(1);
    expect(log.after(0)).toBeNull(); // "old2" is gone: a partial replay would lose a message
    expect(log.after(1)).toEqual(['"new"']); // everything after the last evicted one is still here
  });

  it(
    'when full, the oldest records go first, whole, and what is left replays intact',
    () => {
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: 0, max: 30_000 }), { minLength: 1, maxLength: 300, size: 'max' }),
          (lengths) => {
            const log = new PacketLog(60_000, () => 0, 128 * 1024);
            const texts = lengths.map((n, i) => JSON.stringify(`${i}:${'z'.repeat(n)}`));
            const seqs = texts.map((t) => log.append(t));
            const kept = log.size;
            expect(kept).toBeGreaterThanOrEqual(1);
            expect(log.after(seqs.at(-1)! - kept)).toEqual(texts.slice(-kept));
            expect(log.after(seqs.at(-1)! - kept - 1)).toBeNull();
          },
        ),
        { numRuns: 200 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'wraps: any interleaving of appends and time keeps exactly the records inside the window, intact',
    () => {
      fc.assert(
        // At most ~100 records (400 KB) are ever inside the window, so the ring is never full, while the
        // ~2 MB written in a long run go round the 512 KB ring several times.
        fc.property(
          fc.integer({ min: 100, max: 1_000 }),
          fc.array(fc.tuple(fc.integer({ min: 0, max: 4_000 }), fc.integer({ min: 10, max: 100 })), {
            minLength: 1,
            maxLength: 1_000,
            size: 'max',
          }),
          (windowMs, steps) => {
            const c = clock();
            const log = new PacketLog(windowMs, c.now, 512 << 10);
            const model: { seq: number; at: number; text: string }[] = [];
            for (const [length, dt] of steps) {
              c.advance(dt);
              const text = JSON.stringify(`${model.length}:${'y'.repeat(length)}`);
              model.push({ seq: log.append(text), at: c.now(), text });
            }
            const kept = model.filter((m) => m.at >= c.now() - windowMs);
            expect(log.size).toBe(kept.length);
            expect(log.after(kept[0]!.seq - 1)).toEqual(kept.map((m) => m.text));
          },
        ),
        { numRuns: 200 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
