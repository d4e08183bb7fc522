/** Small pure pieces the tiles share: initials for a person without a picture, and a stats line per track. */
import type { InboundVideo } from '../../../shared/stats-tracks';
import type { ConnectionSnapshot } from '../../../shared/stats';

/** "Ana" → "A", "Ana Lima" → "AL", "ben o'neil smith" → "BS". */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = words[0]?.[0] ?? '?';
  const last = words.length > 1 ? (words.at(-1)?.[0] ?? '') : '';
  return (first + last).toUpperCase();
}

/** The numbers of the received track with this id, if the last stats poll had them. */
export function trackStats(stats: ConnectionSnapshot | null, trackId: string | undefined): InboundVideo | null {
  if (!stats || !trackId) return null;
  return stats.videoTracks.find((t) => t.trackId === trackId) ?? null;
}

/** "1280×720 · 15 fps · 850 kbit/s" */
export function videoLine(video: InboundVideo | null): string {
  if (!video) return '';
  const parts: string[] = [];
  if (video.frameWidth && video.frameHeight) parts.push(`${video.frameWidth}×${video.frameHeight}`);
  if (video.fps !== null) parts.push(`${Math.round(video.fps)} fps`);
  if (video.kbps !== null) parts.push(`${Math.round(video.kbps)} kbit/s`);
  return parts.join(' · ');
}
