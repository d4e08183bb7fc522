/** The link's streams as the Streams card lists them, named from the streams the tiles play. */
import type { PeerDiagnostics } from '../../../../shared/diagnostics';
import { linkStreams, type StreamRow } from '../../../../shared/stats-streams';
import { useStream } from '../../call/media-registry';
import { screenKey } from '../../call/media-streams';
import { knownTracks } from '../../diagnostics/known-tracks';
import { useStore } from '../../store';

export function useLinkStreams(d: PeerDiagnostics): StreamRow[] {
  // Re-renders when one of them is replaced: a share starts or stops, a camera is switched.
  const streams = new Map([
    [d.peerId, useStream(d.peerId)],
    [screenKey(d.peerId), useStream(screenKey(d.peerId))],
    ['local', useStream('local')],
  ]);
  const peerMedia = useStore((s) => s.peerMedia);
  const sharing = useStore((s) => s.sharing);
  const cameraOff = useStore((s) => s.cameraOff);
  const known = knownTracks(d.peerId, (key) => streams.get(key) ?? null, { peerMedia, sharing, cameraOff });
  return linkStreams(d, known);
}
