/** What a Room is given: where to connect, the first ICE configuration, local media, timings, and whom to tell. */
import type { PeerDiagnostics } from '../../../shared/diagnostics';
import type { CallMode, JanusAdmission, MediaState, PeerInfo } from '../../../shared/signaling';
import type { SignalingClient, SignalingEvents, SignalingState } from '../signaling/socket-signaling';
import type { MediaLink } from './link';
import type { CallSetupMarks } from './setup-marks';
import type { LinkState, PeerLinkOptions, RecoveryTimings } from './peer-link';

export interface RoomEvents {
  signaling(state: SignalingState, detail?: string): void;
  peerAdded(peer: PeerInfo): void;
  peerRemoved(id: string): void;
  linkState(id: string, state: LinkState): void;
  remoteStream(id: string, stream: MediaStream): void;
  /** Their screen share appeared or ended (null). */
  remoteScreen?(id: string, stream: MediaStream | null): void;
  /** Everything recorded about one link, for the diagnostics panel. */
  diagnostics(id: string, data: PeerDiagnostics): void;
  /** Something went wrong that a person should hear about. */
  problem(message: string): void;
  /** News a person should hear that asks nothing of them (the call moved to Janus; Janus is back). */
  news?(message: string): void;
  /** Relay only was switched on and could not be established with someone: the call stays direct. Null: resolved. */
  relayRefused(message: string | null): void;
  /** The call now runs on the mesh or on Janus (a mesh that grew moved there). */
  modeChanged?(mode: CallMode): void;
}

/** The call's media beside the links (call/call-media.ts): our state to each new link, theirs as it arrives. */
export interface RoomMedia {
  /** A link was made (first, replacement, after a rejoin): it gets our media state and our screen share. */
  linkMade(remoteId: string, link: MediaLink): void;
  /** Someone is in the call that we reach without a link of ours (on the SFU): they hear our media state. */
  personJoined(remoteId: string): void;
  /** A person's media state arrived; `links` are the connections open now. */
  received(from: string, state: MediaState, links: MediaLink[]): void;
  peerGone(remoteId: string): void;
}

/**
 * What a Room needs of its signaling connection: the socket.io client, or an in-memory channel in
 * tests; `admission` (Janus tokens) where the server has Janus.
 */
export type RoomSignaling = Pick<
  SignalingClient,
  'waitConnected' | 'join' | 'signal' | 'leave' | 'close' | 'joinOffers'
> & {
  admission?(): Promise<JanusAdmission>;
  /** Connect again from the network as it is now (after a change that may have cut the connection). */
  renew?(): void;
};

export interface RoomOptions {
  signalingUrl: string;
  /** Copied and frozen: a Room replaces its configuration, never changes it in place. */
  configuration: Readonly<RTCConfiguration>;
  localStream: MediaStream;
  events: RoomEvents;
  /** Fresh ICE servers for recovery restarts (expired TURN credentials would fail them). */
  freshConfiguration?: () => Promise<Readonly<RTCConfiguration> | null>;
  recovery?: RecoveryTimings;
  /** This computer's network changes, for every link (call/network-change.ts decides what each does). */
  network?: PeerLinkOptions['network'];
  switchTimeoutMs?: number;
  media?: RoomMedia;
  /** The call's setup marks, handed to each link's recorder (none: no setup phases recorded). */
  setup?: CallSetupMarks;
  /** Opens the signaling connection: the call's (socket.io), or an in-memory channel in tests. */
  connect: (url: string, events: SignalingEvents) => RoomSignaling;
  /** Each person's tile height on screen in device pixels (on Janus: the simulcast layer it takes). */
  tileHeight?: (id: string) => number | null;
}
