/**
 * Inbound video per received track: a person's camera and their screen share
 * arrive on one connection, and each has its own resolution, frame rate and
 * bitrate. Keyed by `trackIdentifier` (the id of the receiving
 * MediaStreamTrack), so a tile finds the numbers of the track it shows.
 */
import type { StatsRecord } from './stats';

export interface InboundVideo {
  trackId: string;
  /** The transceiver's m-line id. */
  mid: string | null;
  framesDecoded: number;
  frameWidth: number | null;
  frameHeight: number | null;
  /** Frames decoded per second since the previous snapshot. */
  fps: number | null;
  /** Received kbit/s since the previous snapshot. */
  kbps: number | null;
  bytesReceived: number;
  /** Keyframe requests (PLI) this side sent for the track so far: the stall watchdog's are counted here. */
  pliCount: number;
  at: number;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function inboundVideo(records: readonly StatsRecord[], previous: readonly InboundVideo[] = []): InboundVideo[] {
  return records
    .filter((r) => r.type === 'inbound-rtp' && r.kind === 'video' && typeof r.trackIdentifier === 'string')
    .map((r) => {
      const trackId = r.trackIdentifier as string;
      const at = num(r.timestamp) ?? 0;
      const framesDecoded = num(r.framesDecoded) ?? 0;
      const bytesReceived = num(r.bytesReceived) ?? 0;
      const before = previous.find((p) => p.trackId === trackId);
      const ms = before ? at - before.at : 0;
      const rate = (delta: number) => (ms > 0 && delta >= 0 ? (delta * 1000) / ms : null);
      const bytesPerSecond = before ? rate(bytesReceived - before.bytesReceived) : null;
      return {
        trackId,
        mid: typeof r.mid === 'string' ? r.mid : null,
        framesDecoded,
        frameWidth: num(r.frameWidth),
        frameHeight: num(r.frameHeight),
        fps: before ? rate(framesDecoded - before.framesDecoded) : num(r.framesPerSecond),
        kbps: bytesPerSecond === null ? null : (bytesPerSecond * 8) / 1000,
        bytesReceived,
        pliCount: num(r.pliCount) ?? 0,
        at,
      };
    });
}
