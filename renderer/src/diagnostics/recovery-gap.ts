/**
 * The media gap of a recovery, measured from decoded frames: the longest time
 * between two decoded video frames. getStats() gives, per inbound video
 * stream, the frames decoded and the sum and sum of squares of the delays
 * between them (totalInterFrameDelay, totalSquaredInterFrameDelay, seconds).
 * Between two polls, with k frames whose delays sum to S and square-sum to Q,
 * one long delay G among k - 1 even ones satisfies Q = G² + (S - G)² / (k - 1),
 * so G = (S + √((k - 1)(kQ - S²))) / k: a stall that spans several polls shows
 * up whole in the poll where frames come back. Chromium forgets the last
 * frame's time once a stream counts as paused ("don't report inter-frame delay
 * if stream was paused"), so a long hole is also measured between polls: from
 * the last poll that saw frames to the last one that saw none (a lower bound,
 * short of the truth by under one poll interval), and, when polls come late and
 * none falls in the hole, as the time the counted delays leave out. Pure.
 */
import type { StatsRecord } from '../../../shared/stats';

interface Counters {
  frames: number;
  total: number;
  squares: number;
  /** When the poll that read them ran (ms). */
  at: number;
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The longest of k delays summing to S with squares summing to Q, if the others are even (seconds in, ms out). */
export function longestDelayMs(k: number, sum: number, squares: number): number {
  if (k <= 0) return 0;
  if (k === 1) return sum * 1000;
  const spread = Math.max(0, (k - 1) * (k * squares - sum * sum));
  return ((sum + Math.sqrt(spread)) / k) * 1000;
}

/**
 * A hole inside one poll interval that the delay counters left out (Chromium forgot a paused
 * stream) and no poll saw (the polls came late): the interval's time the k counted delays do not
 * cover, less a frame's delay at each end. A lower bound; 0 while frames are steady.
 */
function uncountedMs(intervalMs: number, k: number, sumS: number): number {
  const countedMs = sumS * 1000;
  return Math.max(0, intervalMs - countedMs - 2 * (countedMs / k));
}

/** Follows each inbound video stream's frame counters from poll to poll. */
export class FrameGaps {
  private readonly last = new Map<string, Counters>();
  /** When a poll last saw frames decoded, and the last poll since that saw none. */
  private decodedAt: number | null = null;
  private quietAt: number | null = null;

  /**
   * One poll: the longest delay between decoded frames since the previous poll (over every
   * inbound video stream) and whether any frame was decoded; null when no video arrives.
   */
  observe(records: readonly StatsRecord[], now = Date.now()): { longestMs: number; decoded: boolean } | null {
    let longestMs = 0;
    let decoded = false;
    let seen = false;
    for (const r of records) {
      if (r.type !== 'inbound-rtp' || r.kind !== 'video') continue;
      const counters = {
        frames: num(r.framesDecoded) ?? 0,
        total: num(r.totalInterFrameDelay) ?? 0,
        squares: num(r.totalSquaredInterFrameDelay) ?? 0,
        at: now,
      };
      const before = this.last.get(r.id);
      this.last.set(r.id, counters);
      seen = true;
      if (!before || counters.frames < before.frames) continue; // first look, or counters started again
      const k = counters.frames - before.frames;
      if (k === 0) continue;
      decoded = true;
      const sum = counters.total - before.total;
      longestMs = Math.max(
        longestMs,
        longestDelayMs(k, sum, counters.squares - before.squares),
        // Before the first frame there is no hole, only a stream starting.
        before.frames > 0 ? uncountedMs(counters.at - before.at, k, sum) : 0,
      );
    }
    if (!seen) return null;
    if (!decoded) {
      if (this.decodedAt !== null) this.quietAt = now;
      return { longestMs, decoded };
    }
    const hole = this.decodedAt !== null && this.quietAt !== null ? this.quietAt - this.decodedAt : 0;
    this.decodedAt = now;
    this.quietAt = null;
    return { longestMs: Math.max(longestMs, hole), decoded };
  }
}
