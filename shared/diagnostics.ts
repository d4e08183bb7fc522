/** The diagnostics data model: what is recorded per remote peer during a call. */
import type { ParsedCandidate } from './candidate';
import type { ConnectionSnapshot } from './stats';

export type TimelineKind = 'connection' | 'ice' | 'dtls' | 'gathering' | 'signaling' | 'pair' | 'policy' | 'restart';

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
  state: 'connecting' | 'connected' | 'reconnecting' | 'failed' | 'closed';
  everConnected: boolean;
  gatheringComplete: boolean;
  timeline: TimelineEvent[];
  candidates: CandidateLogEntry[];
  series: SeriesPoint[];
  latest: ConnectionSnapshot | null;
  /** Time spent connected, and of that, relayed (ms). */
  connectedMs: number;
  relayedMs: number;
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

/** Appends to a bounded log, dropping the oldest entries. */
export function appendBounded<T>(list: readonly T[], item: T, limit: number): T[] {
  const next = list.length >= limit ? list.slice(list.length - limit + 1) : [...list];
  next.push(item);
  return next;
}

/** Whether relay-only really hides this computer's addresses now, judged from what went over signaling and the paths in use. */
export type IpExposure = 'hidden' | 'shared-earlier' | 'pending' | 'off';

export function ipExposure(relayOnly: boolean, peers: readonly PeerDiagnostics[]): IpExposure {
  if (!relayOnly) return 'off';
  const live = peers.filter((p) => p.state !== 'closed');
  const revealed = peers.some((p) => p.candidates.some((c) => c.direction === 'sent' && c.parsed?.type !== 'relay'));
  if (revealed) return 'shared-earlier';
  // Hidden once every live link runs from a local relay candidate.
  const allRelayed = live.length > 0 && live.every((p) => p.latest?.path?.local.type === 'relay');
  return allRelayed ? 'hidden' : 'pending';
}
