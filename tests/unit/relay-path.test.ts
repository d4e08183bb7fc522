/** The relay path's figures from a ping series, and the words the tester's row shows. */
import { describe, expect, it } from 'vitest';
import { bestRateKbps, pingFigures, relayPathFiguresSchema, relayPathWords } from '../../shared/relay-path';

describe('relay path figures', () => {
  it('median round trip, mean step between answered pings, and the share lost', () => {
    const f = pingFigures([10, 14, NaN, 12, 30]);
    expect(f.rttMs).toBe(13);
    // Steps between answered pings: 4, 2, 18.
    expect(f.jitterMs).toBe(8);
    expect(f.lossPct).toBe(20);
    expect(f.pings).toBe(5);
  });

  it('no answer at all: no round trip or jitter, everything lost', () => {
    expect(pingFigures([NaN, NaN])).toEqual({ rttMs: null, jitterMs: null, lossPct: 100, pings: 2 });
  });

  it('says what was measured, and that the round trip comes back to this computer', () => {
    const f = relayPathFiguresSchema.parse({
      connectMs: 120,
      rttMs: 8.4,
      jitterMs: 1.2,
      lossPct: 5,
      pings: 20,
      throughputKbps: 1_850,
    });
    expect(relayPathWords(f)).toBe(
      'Through the relay and back to this computer: round trip 8 ms, jitter 1 ms, 5.0 % of 20 pings lost, 1.9 Mbit/s',
    );
    expect(relayPathWords({ ...f, rttMs: null, jitterMs: null, lossPct: 100, throughputKbps: null })).toBe(
      'Through the relay and back to this computer: no ping came back, 100 % of 20 pings lost, no data got through',
    );
  });
});

describe('bestRateKbps', () => {
  const at = (ms: number, kbit: number) => ({ at: ms, bytes: (kbit * 1000) / 8 });
  it('takes the best half second, not the average over a stall', () => {
    // 2 Mbit/s for 0.6 s, then a 0.9 s stall: the average would say 800 kbit/s.
    const samples = [at(0, 0), at(200, 400), at(400, 800), at(600, 1200), at(1000, 1200), at(1500, 1200)];
    expect(bestRateKbps(samples, 500)).toBeCloseTo(2000, 0);
  });
  it('uses the whole span when it is shorter than the window, and null when nothing arrived', () => {
    expect(bestRateKbps([at(0, 0), at(250, 500)], 500)).toBeCloseTo(2000, 0);
    expect(bestRateKbps([at(0, 0), at(800, 0)], 500)).toBeNull();
    expect(bestRateKbps([], 500)).toBeNull();
  });
});
