/**
 * The panel's jitter is the link's (what the NAT lab's wire imposes), not what the video
 * pacer and encoder make of it: found in the NAT lab, where a call over a clear link showed
 * 60-150 ms jitter, all of it video's (tests/natlab/link-conditions.spec.ts).
 */
import { describe, expect, it } from 'vitest';
import { snapshot, type StatsRecord } from '../../shared/stats';

/** Two inbound streams as Chromium reports them; counters are cumulative. */
function report(at: number, video: Record<string, number>, audio: Record<string, number>): StatsRecord[] {
  return [
    { id: 'T01', type: 'transport', timestamp: at, bytesReceived: at * 100, bytesSent: at * 100 },
    { id: 'IV', type: 'inbound-rtp', kind: 'video', timestamp: at, ...video },
    { id: 'IA', type: 'inbound-rtp', kind: 'audio', timestamp: at, ...audio },
  ];
}

describe('jitter of the link', () => {
  it('takes jitter from audio, whose packets leave one by one: video jitter also counts the pacer spreading a frame', () => {
    const s = snapshot(report(1_000, { packetsReceived: 10, jitter: 0.06 }, { packetsReceived: 10, jitter: 0.012 }));
    expect(s.jitterMs).toBeCloseTo(12, 5);
  });

  it('falls back to video jitter when nothing else arrives (a call without microphone)', () => {
    const s = snapshot([
      { id: 'IV', type: 'inbound-rtp', kind: 'video', timestamp: 1_000, packetsReceived: 10, jitter: 0.02 },
    ]);
    expect(s.jitterMs).toBeCloseTo(20, 5);
  });
});
