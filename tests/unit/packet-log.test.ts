/** The off-heap recovery log: order, the time window, growth, eviction, and what a returning client can replay. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PacketLog } from '../../server/packet-log';

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

  it('grows rather than drop records inside the window', () => {
    const log = new PacketLog(60_000);
    const big = JSON.stringify('x'.repeat(100_000));
    for (let i = 0; i < 40; i += 1) log.append(big); // 4 MB > the first 1 MB
    expect(log.size).toBe(40);
    expect(log.capacityBytes).toBeGreaterThanOrEqual(4_000_000);
    expect(log.after(-1)).toHaveLength(40);
  });

  it('wraps and grows: any interleaving of appends and time keeps exactly the records inside the window, intact', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 5_000 }), fc.array(fc.tuple(fc.integer({ min: 0, max: 60_000 }), fc.integer({ min: 0, max: 100 })), { minLength: 1, maxLength: 400, size: 'max' }), (windowMs, steps) => {
        const c = clock();
        const log = new PacketLog(windowMs, c.now);
        const model: { seq: number; at: number; text: string }[] = [];
        for (const [length, dt] of steps) {
          c.advance(dt);
          const text = JSON.stringify(`${model.length}:${'y'.repeat(length)}`);
          model.push({ seq: log.append(text), at: c.now(), text });
        }
        const kept = model.filter((m) => m.at >= c.now() - windowMs);
        expect(log.size).toBe(kept.length);
        expect(log.after(kept[0]!.seq - 1)).toEqual(kept.map((m) => m.text));
      }),
      { numRuns: 200 },
    );
  });
});
