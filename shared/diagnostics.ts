/** The diagnostics data model: what is recorded per remote peer during a call, and what it says. */
import type { LayerChoice } from './sfu-layers';
import type { ParsedCandidate } from './candidate';
import type { SetupRecord } from './setup-phases';
import type { ConnectionSnapshot, SelectedPath } from './stats';

/** A hop of a call on Janus that holds a link back: our upload (for bandwidth, or CPU), or theirs. */
export type WeakHop = 'upload-bandwidth' | 'upload-cpu' | 'their-upload';

export type TimelineKind =
  | 'connection'
  | 'ice'
  | 'dtls'
  | 'gathering'
  | 'signaling'
  | 'pair'
  | 'policy'
  | 'restart'
  | 'candidate-error'
  | 'setup'
  | 'network'
  | 'recovery'
  | 'video';

/** Why a link's path had to be found again (issue 19): each recovery is recorded with its cause. */
export type RecoveryCause =
  'network-change' | 'turn-lost' | 'credentials-expired' | 'no-traffic' | 'connection-lost' | 'video-stalled';

/** A link's state, as every part of the app names it. */
export type LinkState = 'connecting' | 'connected' | 'reconnecting' | 'failed' | 'closed';

/** An RTCPeerConnectionIceErrorEvent: a STUN or TURN server that refused or did not answer while gathering. */
export interface CandidateError {
  at: number;
  url: string;
  /** 300-699: the server's STUN error code (401 Unauthorized, 437, 486…); 701: no answer at all. */
  errorCode: number;
  errorText: string;
}

/** One recovery of a link's path: why, how long, the media gap and which path it moved from and to. */
export interface RecoveryRecord {
  startedAt: number;
  /** When the link was carrying media on a path again (or gave up); null while it is still recovering. */
  endedAt: number | null;
  cause: RecoveryCause;
  /** What happened, in words ("eth0 lost 192.0.2.2: the path started there"). */
  detail: string;
  /** The path in use when it began and the one after it ("host", "relay (TURN over TLS 443)"); null: none seen. */
  from: string | null;
  to: string | null;
  /** The longest time between two decoded video frames, from the start until video flowed again; null: no video. */
  gapMs: number | null;
  outcome: 'recovering' | 'recovered' | 'failed';
}

export interface TimelineEvent {
  at: number;
  kind: TimelineKind;
  value: string;
}

export interface CandidateLogEntry {
  at: number;
  direction: 'sent' | 'received';
  line: string;
  parsed: ParsedCandidate | null;
  /** The connection (session) it belonged to: a relay-only switch makes a new one. */
  session: number;
}

/** One point of the graphs: one stats poll. */
export interface SeriesPoint {
  at: number;
  rttMs: number | null;
  lossPct: number | null;
  jitterMs: number | null;
  inKbps: number | null;
  outKbps: number | null;
  availableOutKbps: number | null;
  fps: number | null;
  relayed: boolean;
}

export interface PeerDiagnostics {
  peerId: string;
  name: string;
  startedAt: number;
  connectedAt: number | null;
  state: LinkState;
  everConnected: boolean;
  gatheringComplete: boolean;
  timeline: TimelineEvent[];
  candidates: CandidateLogEntry[];
  /** Errors from STUN/TURN servers while gathering, of every connection to this peer. */
  candidateErrors: CandidateError[];
  series: SeriesPoint[];
  latest: ConnectionSnapshot | null;
  /** The last selected pair seen: what a call that lost its path was using. */
  lastPath: SelectedPath | null;
  /** The connection in use: its session and its ICE transport policy. */
  session: number;
  policy: RTCIceTransportPolicy;
  /** A replacement connection with this policy is being negotiated (make-before-break), else null. */
  switchingTo: RTCIceTransportPolicy | null;
  /** Why the last switch of policy did not happen, in words; null once it did or was given up. */
  switchFailure: string | null;
  /** Why the link was lost for good, in words; null while it was not. */
  failure: string | null;
  /** Time spent connected, and of that, relayed (ms). */
  connectedMs: number;
  relayedMs: number;
  /** On Janus: connected time during which a hop held this link back, by hop (shared/sfu-hops.ts). */
  weakHopMs: Partial<Record<WeakHop, number>>;
  /** The setup marks of each connection to this person (shared/setup-phases.ts); empty when none were kept. */
  setups: SetupRecord[];
  /** Each recovery of this person's link, oldest first (shared/recovery-words.ts says them). */
  recoveries: RecoveryRecord[];
  /** Their camera's video stopped arriving on a working link (call/video-stall.ts); absent: never watched. */
  videoStalled?: boolean;
  /** On Janus: the simulcast layer their tile asks for and the one arriving (shared/sfu-layers.ts). */
  layer?: LayerChoice;
}

/** Five minutes of one-second points. */
export const SERIES_LIMIT = 300;
export const TIMELINE_LIMIT = 500;
export const CANDIDATE_LOG_LIMIT = 200;

export function pointFrom(s: ConnectionSnapshot, relayed: boolean): SeriesPoint {
  return {
    at: s.at,
    rttMs: s.rttMs,
    lossPct: s.lossPct,
    jitterMs: s.jitterMs,
    inKbps: s.inKbps,
    outKbps: s.outKbps,
    availableOutKbps: s.availableOutKbps,
    fps: s.video.fps,
    relayed,
  };
}

/** The candidates the peer announced over signaling, parsed. */
export function receivedCandidates(d: Pick<PeerDiagnostics, 'candidates'>): ParsedCandidate[] {
  return d.candidates.filter((c) => c.direction === 'received').flatMap((c) => (c.parsed ? [c.parsed] : []));
}

/**
 * Whether media on this path goes through a TURN server, ours or theirs: the
 * one place the app decides "relayed" (tiles, graphs, relayed time, hints,
 * report, whether fresh credentials restart ICE). Chromium often reports the
 * remote end of a relayed path as prflx (it learned the address from a
 * connectivity check before the relay candidate arrived by signaling): an
 * address the peer announced as relay is relayed, whatever its type says.
 */
export function pathRelayed(path: SelectedPath, received: readonly ParsedCandidate[]): boolean {
  if (path.local.type === 'relay' || path.remote.type === 'relay') return true;
  if (path.remote.type !== 'prflx') return false;
  const match = received.find((r) => r.address === path.remote.address && r.port === path.remote.port);
  return match?.type === 'relay';
}

/** Whether the path a link uses now (its latest snapshot) is relayed; false without one. */
export function linkRelayed(d: PeerDiagnostics | null | undefined): boolean {
  const path = d?.latest?.path;
  return path ? pathRelayed(path, receivedCandidates(d)) : false;
}

/** Appends to a bounded log, dropping the oldest entries. */
export function appendBounded<T>(list: readonly T[], item: T, limit: number): T[] {
  const next = list.length >= limit ? list.slice(list.length - limit + 1) : [...list];
  next.push(item);
  return next;
}

/**
 * Whether relay-only really hides this computer's address now, judged from
 * the paths in use and what went over signaling:
 * - `direct`: a live link still runs from a local host/srflx candidate (the switch did not happen);
 * - `pending`: such a link is being replaced by a relay-only one;
 * - `shared-earlier`: every path in use starts at our relay, but addresses went out before;
 * - `hidden`: no address ever went out and no path in use starts anywhere but at our relay.
 * A link with no path at all (TURN down) exposes nothing new: it does not change the answer.
 */
export type IpExposure = 'hidden' | 'shared-earlier' | 'pending' | 'direct' | 'off';

export function ipExposure(relayOnly: boolean, peers: readonly PeerDiagnostics[]): IpExposure {
  if (!relayOnly) return 'off';
  const live = peers.filter((p) => p.state !== 'closed' && p.state !== 'failed');
  const direct = live.filter((p) => p.latest?.path && p.latest.path.local.type !== 'relay');
  if (direct.length > 0) return direct.every((p) => p.switchingTo === 'relay') ? 'pending' : 'direct';
  const revealed = peers.some((p) => p.candidates.some((c) => c.direction === 'sent' && c.parsed?.type !== 'relay'));
  if (revealed) return 'shared-earlier';
  return 'hidden';
}

/** A person's diagnostics before anything happened on their link. */
export function emptyDiagnostics(peerId: string, name: string, startedAt: number): PeerDiagnostics {
  return {
    peerId,
    name,
    startedAt,
    connectedAt: null,
    state: 'connecting',
    everConnected: false,
    gatheringComplete: false,
    timeline: [],
    candidates: [],
    candidateErrors: [],
    series: [],
    latest: null,
    lastPath: null,
    session: 0,
    policy: 'all',
    switchingTo: null,
    switchFailure: null,
    failure: null,
    connectedMs: 0,
    relayedMs: 0,
    weakHopMs: {},
    setups: [],
    recoveries: [],
  };
}
