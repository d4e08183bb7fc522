/** What SfuLinks is given, and the names it shares with the diagnostics and tests. */
import type { JanusAdmission } from '../../../../shared/janus';
import { SFU_UPLINK_ID, SFU_UPLINK_NAME } from '../../../../shared/sfu-hops';
import type { JoinResult, MediaState, PeerInfo } from '../../../../shared/signaling';
import type { SignalingEvents } from '../../signaling/socket-signaling';
import type { RoomEvents, RoomMedia, RoomSignaling } from '../room-options';
import type { CallSetupMarks } from '../setup-marks';
import type { TileHeight } from './tile-layers';

/** The diagnostics entry of our own upload to Janus. */
export const UPLINK_ID = SFU_UPLINK_ID;
export const UPLINK_NAME = SFU_UPLINK_NAME;

/** How long a republish (Relay only switched) may take before the call stays on its path. */
export const SWITCH_TIMEOUT_MS = 15_000;

export interface SfuLinksOptions {
  signaling: RoomSignaling;
  /** The join's answer: our id, who is there, and our admission to Janus. */
  joined: JoinResult & { janus: JanusAdmission };
  configuration: Readonly<RTCConfiguration>;
  localStream: MediaStream;
  events: RoomEvents;
  media?: RoomMedia;
  setup?: CallSetupMarks;
  switchTimeoutMs?: number;
  /** Each person's tile height on screen, for the simulcast layer it takes (none: Janus's default). */
  tileHeight?: TileHeight;
}

/** Where the signaling connection's events go while a call is on Janus: who is here, and media states. */
export function sfuSignalingEvents(
  { events, media }: Pick<SfuLinksOptions, 'events' | 'media'>,
  people: { added(peer: PeerInfo): void; left(id: string): void; heard(id: string, state: MediaState): void },
): SignalingEvents {
  return {
    state: (state, detail) => events.signaling(state, detail),
    peerJoined: (peer) => people.added(peer),
    peerLeft: (id) => people.left(id),
    signal: ({ from, data }) => {
      if (!('media' in data)) return;
      people.heard(from, data.media);
      media?.received(from, data.media, []);
    },
    reconnected: () => events.problem('The signaling connection came back; the call on the SFU goes on.'),
  };
}
