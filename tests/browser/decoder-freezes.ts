/**
 * Freezes of a received video as WebRTC itself counts them (inbound-rtp
 * `freezeCount` and `totalFreezesDuration`: a freeze is a gap between decoded
 * frames over max(3 × the average, the average + 150 ms)). Counted where
 * frames are decoded, not where the page paints them, so a page the machine
 * starves of CPU does not add its own pauses. Fed each getStats() result;
 * polled often, each increase is one freeze (several in one poll are averaged).
 */
import type { StatsRecord } from '../../shared/stats';

export class DecoderFreezes {
  private count = 0;
  /** The stats carry the counters (Chromium's do): without them nothing could be asserted. */
  counting = false;
  private seconds = 0;
  /** Each freeze seen, in ms. */
  readonly freezes: number[] = [];

  observe(records: readonly StatsRecord[]): void {
    const video = records.find((r) => r.type === 'inbound-rtp' && r.kind === 'video');
    const count = typeof video?.freezeCount === 'number' ? video.freezeCount : null;
    const seconds = typeof video?.totalFreezesDuration === 'number' ? video.totalFreezesDuration : null;
    if (count === null || seconds === null) return;
    this.counting = true;
    if (count <= this.count) return;
    const ms = ((seconds - this.seconds) * 1_000) / (count - this.count);
    for (let i = this.count; i < count; i += 1) this.freezes.push(ms);
    this.count = count;
    this.seconds = seconds;
  }

  get longest(): number {
    return Math.max(0, ...this.freezes);
  }
}
