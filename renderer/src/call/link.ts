/**
 * The call's media connections behind two interfaces, so that a mesh of
 * PeerLinks today and an SFU session later are two implementations of the
 * same thing. A `CallLinks` is what the Call drives (the mesh Room now); a
 * `MediaLink` is one connection carrying media to one remote party (a PeerLink
 * now), as the Room, the stats poller and the tests see it: never its
 * RTCPeerConnection.
 */
import type { CandidateError, LinkState, RecoveryCause, TimelineKind } from '../../../shared/diagnostics';
import type { MediaState, PeerInfo, SignalData } from '../../../shared/signaling';
import type { StatsRecord } from '../../../shared/stats';
import type { RemoteTracks } from './remote-tracks';
import type { LinkRecorder } from '../diagnostics/link-recorder';

export type { LinkState };

/** What one link tells whoever made it. */
export interface LinkEvents {
  onState?(state: LinkState): void;
  onRemoteStream?(stream: MediaStream): void;
  /** The person's screen share appeared, changed or ended (null). */
  onRemoteScreen?(stream: MediaStream | null): void;
  onError?(error: Error): void;
  /** Every change of connection, ICE, DTLS, gathering and signaling state, and of the selected pair. */
  onEvent?(kind: TimelineKind, value: string): void;
  /** Every candidate that went over signaling, either way. */
  onCandidate?(direction: 'sent' | 'received', line: string): void;
  /** The connection is lost for good: recovery gave up, or it never connected at all. */
  onLost?(neverConnected: boolean): void;
  /** A STUN/TURN server refused or did not answer while gathering (RTCPeerConnectionIceErrorEvent). */
  onCandidateError?(error: Omit<CandidateError, 'at'>): void;
  /** A recovery began (the path dropped, stalled, or the network under it changed), and why. */
  onRecovery?(cause: RecoveryCause, detail: string): void;
  /** The person's camera video stopped on the working link ("Video stalled": true), or that is over (false). */
  onVideoStall?(stalled: boolean): void;
}

/** One media connection to one remote party. */
export interface MediaLink {
  readonly remoteId: string;
  /** Which session with this party it is (0 first; a replacement has a higher one). */
  readonly session: number;
  /** This side made the connection (and sends its first offer). */
  readonly initiator: boolean;
  /** When it was made: errors and events after it are its own. */
  readonly createdAt: number;
  readonly remoteStream: MediaStream;
  readonly state: LinkState;
  /** The ICE transport policy it was made with ('relay' under Relay only). */
  readonly policy: RTCIceTransportPolicy;
  /** Whether its ICE servers include a TURN server. */
  readonly usesTurn: boolean;
  /** Starts sending: the initiator's tracks go on and its first offer out. */
  connect(): void;
  /** One message from the remote party; messages apply in arrival order. */
  handle(data: SignalData): Promise<void>;
  /** Fresh servers (credentials); restart ICE so they apply now. */
  reconfigure(configuration: Readonly<RTCConfiguration>, restart: boolean): void;
  /** One getStats() result, as plain records (a poll also tells the link whether data still arrives). */
  stats(): Promise<StatsRecord[]>;
  /** What it receives, sorted into camera and screen share by the stream id the person announced. */
  readonly remote: Pick<RemoteTracks, 'announce' | 'camera' | 'screen'>;
  /** The person's media state as they announced it (a mesh link's stall watchdog reads their camera's on/off). */
  heard?(state: MediaState): void;
  /** Sends one more track in a stream of its own (a screen share); negotiation follows by itself. */
  addExtraTrack(track: MediaStreamTrack, stream: MediaStream, prepare?: (sender: RTCRtpSender) => void): void;
  removeExtraTrack(track: MediaStreamTrack): void;
  /** Another camera or microphone on the same sender: no renegotiation. */
  replaceTrack(old: MediaStreamTrack, next: MediaStreamTrack): Promise<boolean>;
  close(): void;
}

/** One link in use with its recorder and its getStats() records, from one poll. */
export interface LinkStats {
  remoteId: string;
  records: StatsRecord[];
  recorder: LinkRecorder;
}

/** What the Call drives: all its media connections (the mesh Room today; an SFU session later). */
export interface CallLinks {
  /** Our id in the room ('' before the join is acked). */
  readonly id: string;
  /** The servers and policy links are made with from now on (before connect: the call's first configuration). */
  setConfiguration(configuration: Readonly<RTCConfiguration>): void;
  /** Joins and connects to everyone present; rejects with the server's reason when refused. */
  connect(room: string, name: string): Promise<PeerInfo[]>;
  /** A new ICE transport policy: every link that has another is replaced make-before-break. */
  replace(policy: RTCIceTransportPolicy): void;
  /** New servers for every link (fresh credentials); restart ICE so they apply now. */
  reconfigure(configuration: Readonly<RTCConfiguration>, restart: boolean): void;
  /** The links in use now and their stats. */
  stats(): Promise<LinkStats[]>;
  /** Leaves: every link and timer, and the signaling connection. */
  close(): Promise<void>;
}

/**
 * The stats of each link in use, polled together; a link replaced or closed while its stats were on
 * their way is left out (`current` says which link is in use for a remote party now).
 */
export async function statsOfLinks(
  links: Iterable<MediaLink>,
  recorder: (remoteId: string) => LinkRecorder | undefined,
  current: (remoteId: string) => MediaLink | undefined,
): Promise<LinkStats[]> {
  const polled = await Promise.all(
    [...links].map(async (link): Promise<LinkStats | null> => {
      const rec = recorder(link.remoteId);
      if (link.state === 'closed' || !rec) return null;
      const records = await link.stats().catch(() => null);
      return records && current(link.remoteId) === link ? { remoteId: link.remoteId, records, recorder: rec } : null;
    }),
  );
  return polled.filter((entry) => entry !== null);
}
