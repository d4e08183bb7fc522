/**
 * Outbound video per sent track: our camera and our screen share leave on one
 * connection, each from its own sender with its own size, frame rate and
 * bitrate. An outbound-rtp names its track only through its media-source
 * (`mediaSourceId` → `trackIdentifier`); a sender whose track was removed (a
 * stopped share) keeps its outbound-rtp, pointing at a media-source that no
 * longer exists, so its `trackId` is null.
 */
import type { StatsRecord } from './stats';

export interface OutboundVideo {
  /** The outbound-rtp's id: one per sender (per encoding), kept across replaceTrack. */
  id: string;
  /** The id of the MediaStreamTrack being sent; null while the sender has none. */
  trackId: string | null;
  /** The transceiver's m-line id. */
  mid: string | null;
  /** The simulcast layer this encoding is ('h', 'm', 'l' on Janus); null without simulcast. */
  rid: string | null;
  framesSent: number;
  /** The encoded size (smaller than the captured one when the encoder scales down). */
  frameWidth: number | null;
  frameHeight: number | null;
  /** Frames sent per second since the previous snapshot (Chromium's own figure in the first). */
  fps: number | null;
  /** Sent kbit/s since the previous snapshot. */
  kbps: number | null;
  bytesSent: number;
  /** Chromium marks the stream as screen content (`contentType: 'screenshare'`, from the track's `detail` or `text` hint). */
  screenContent: boolean;
  /** What holds the encoder back, as Chromium says it ('bandwidth', 'cpu', 'other'); null for nothing. */
  limitedBy: string | null;
  at: number;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function outboundVideo(
  records: readonly StatsRecord[],
  previous: readonly OutboundVideo[] = [],
): OutboundVideo[] {
  const byId = new Map(records.map((r) => [r.id, r]));
  return records
    .filter((r) => r.type === 'outbound-rtp' && r.kind === 'video')
    .map((r) => {
      const source = byId.get(str(r.mediaSourceId) ?? '');
      const at = num(r.timestamp) ?? 0;
      const framesSent = num(r.framesSent) ?? num(r.framesEncoded) ?? 0;
      const bytesSent = num(r.bytesSent) ?? 0;
      const before = previous.find((p) => p.id === r.id);
      const ms = before ? at - before.at : 0;
      // A negative delta is a new connection with counters restarted: no rate rather than a wrong one.
      const rate = (delta: number) => (ms > 0 && delta >= 0 ? (delta * 1000) / ms : null);
      const bytesPerSecond = before ? rate(bytesSent - before.bytesSent) : null;
      const limitation = str(r.qualityLimitationReason);
      return {
        id: r.id,
        trackId: source?.type === 'media-source' ? str(source.trackIdentifier) : null,
        mid: str(r.mid),
        rid: str(r.rid),
        framesSent,
        frameWidth: num(r.frameWidth),
        frameHeight: num(r.frameHeight),
        fps: before ? rate(framesSent - before.framesSent) : num(r.framesPerSecond),
        kbps: bytesPerSecond === null ? null : (bytesPerSecond * 8) / 1000,
        bytesSent,
        screenContent: r.contentType === 'screenshare',
        limitedBy: limitation === 'none' ? null : limitation,
        at,
      };
    });
}
