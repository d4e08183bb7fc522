/**
 * Which tracks of a link are whose camera or screen, as the call shows them:
 * the tracks of the streams the tiles play (a person's camera under their peer
 * id, their share under screenKey(id), our camera under 'local'), and whether
 * we share. The Streams card and the report name the stats' tracks with it.
 */
import type { KnownTracks } from '../../../shared/stats-streams';
import { screenKey } from '../call/media-streams';
import type { TraverseState } from '../store';

const videoTrack = (stream: MediaStream | null) => stream?.getVideoTracks()[0]?.id ?? null;

export function knownTracks(
  peerId: string,
  streams: (key: string) => MediaStream | null,
  state: Pick<TraverseState, 'peerMedia' | 'sharing' | 'cameraOff'>,
): KnownTracks {
  return {
    received: { camera: videoTrack(streams(peerId)), screen: videoTrack(streams(screenKey(peerId))) },
    sentCamera: videoTrack(streams('local')),
    sharing: state.sharing,
    theirCameraOff: state.peerMedia[peerId]?.cameraOff === true,
    ourCameraOff: state.cameraOff,
  };
}
