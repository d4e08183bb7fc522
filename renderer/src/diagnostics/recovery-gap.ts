/**
 * The media gap of a recovery, measured from decoded frames: the longest time
 * between two decoded video frames. getStats() gives, per inbound video
 * stream, the frames decoded and the sum and sum of squares of the delays
 * between them (totalInterFrameDelay, totalSquaredInterFrameDelay, seconds).
 * Between two polls, with k frames whose delays sum to S and square-sum to Q,
 * one long delay G among k - 1 even ones satisfies Q = G² + (S - G)² / (k - 1),
 * so G = (S + √((k - 1)(kQ - S²))) / k: a stall that spans several polls shows
 * up whole in the poll where frames come back. Pure.
 */
import type { StatsRecord } from '../../../shared/stats';

interface Counters {
  frames: number;
  total: number;
  squares: number;
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The longest of k delays summing to S with squares summing to Q, if the others are even (seconds in, ms out). */
export function longestDelayMs(k: number, sum: number, squares: number): number {
  if (k <= 0) return 0;
  if (k === 1) return sum * 1000;
  const spread = Math.max(0, (k - 1) * (k * squares - sum * sum));
  return ((sum + Math.sqrt(spread)) / k) * 1000;
}

/** Follows each inbound video stream's frame counters from poll to poll. */
export class FrameGaps {
  private readonly last = new Map<string, Counters>();

  /**
   * One poll: the longest delay between decoded frames since the previous poll (over every
   * inbound video stream) and whether any frame was decoded; null when no video arrives.
   */
  observe(records: readonly StatsRecord[]): { longestMs: number; decoded: boolean } | null {
    let longestMs = 0;
    let decoded = false;
    let seen = false;
    for (const r of records) {
      if (r.type !== 'inbound-rtp' || r.kind !== 'video') continue;
      const now = {
        frames: num(r.framesDecoded) ?? 0,
        total: num(r.totalInterFrameDelay) ?? 0,
        squares: num(r.totalSquaredInterFrameDelay) ?? 0,
      };
      const before = this.last.get(r.id);
      this.last.set(r.id, now);
      seen = true;
      if (!before || now.frames < before.frames) continue; // first look, or counters started again
      const k = now.frames - before.frames;
      if (k === 0) continue;
      decoded = true;
      longestMs = Math.max(longestMs, longestDelayMs(k, now.total - before.total, now.squares - before.squares));
    }
    return seen ? { longestMs, decoded } : null;
  }
}
