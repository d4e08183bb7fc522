/**
 * Records what happens on one PeerLink for the diagnostics panel and the
 * report: state timeline, candidates over signaling, stats snapshots and
 * graph points, and how long the call was connected and relayed.
 */
import type { LayerChoice } from '../../../shared/sfu-layers';
import { weakHop } from '../../../shared/sfu-hops';
import { parseCandidate } from '../../../shared/candidate';
import {
  CANDIDATE_LOG_LIMIT,
  SERIES_LIMIT,
  TIMELINE_LIMIT,
  appendBounded,
  emptyDiagnostics,
  pathRelayed,
  pointFrom,
  receivedCandidates,
  type CandidateError,
  type LinkState,
  type PeerDiagnostics,
  type RecoveryCause,
  type RecoveryRecord,
  type TimelineKind,
} from '../../../shared/diagnostics';
import { causeWords, pathKind, recoverySentence } from '../../../shared/recovery-words';
import { setupPhases } from '../../../shared/setup-phases';
import { setupSentence } from '../../../shared/setup-words';
import { snapshot, type ConnectionSnapshot, type StatsRecord } from '../../../shared/stats';
import { RecoveryLog } from './recovery-log';
import { SetupRecorder, type CallMarks } from './setup-recorder';

/** The connection a recorder is first made for: its session, and the ICE transport policy it was made with. */
export interface LinkStart {
  session: number;
  policy: RTCIceTransportPolicy;
}

export class LinkRecorder {
  private data: PeerDiagnostics;
  private lastPair: string | null = null;
  /** Connected time is credited up to here; null while not connected. */
  private creditedTo: number | null = null;
  private lastPathRelayed = false;
  /** The setup marks of each connection to this person; none without the call's marks. */
  private readonly setup: SetupRecorder | null;
  /** The replacement being negotiated, and the sessions whose unfinished setup was already said. */
  private pendingSession: number | null = null;
  private readonly stoppedSaid = new Set<number>();
  /** Each recovery of the connection in use: cause, media gap, path before and after. */
  private readonly recoveries: RecoveryLog;

  constructor(
    peerId: string,
    name: string,
    private readonly publish: (data: PeerDiagnostics) => void,
    private readonly now: () => number = () => Date.now(),
    marks?: CallMarks,
    first: LinkStart = { session: 0, policy: 'all' },
  ) {
    this.setup = marks ? new SetupRecorder(marks, peerId, first) : null;
    this.recoveries = new RecoveryLog(now);
    marks?.register(peerId, {
      frameShown: (stream, at) => this.frameShown(stream, at),
      signaled: (direction, data) => this.setup?.signaled(direction, data),
    });
    this.data = { ...emptyDiagnostics(peerId, name, now()), ...first, setups: this.setup?.all ?? [] };
    this.event('connection', 'link created');
  }

  get current(): PeerDiagnostics {
    return this.data;
  }

  /** One timeline entry; `session` is the connection it came from (gathering counts only for the one in use). */
  event(kind: TimelineKind, value: string, session = this.data.session): void {
    const at = this.now();
    const ours = session === this.data.session;
    const gatheringComplete = !ours
      ? this.data.gatheringComplete
      : kind === 'gathering'
        ? value === 'complete'
        : kind === 'restart'
          ? false
          : this.data.gatheringComplete;
    this.update({
      timeline: appendBounded(this.data.timeline, { at, kind, value }, TIMELINE_LIMIT),
      gatheringComplete,
    });
  }

  /** An event of the connection `session` (a state it reported): timeline entry and setup mark. */
  linkEvent(kind: TimelineKind, value: string, session: number): void {
    this.setup?.observe(kind, value, session);
    if (kind === 'pair' && session === this.data.session) this.recoveries.pairSelected();
    this.event(kind, session > 0 ? `${value} (session ${session})` : value, session);
  }

  /** A tile showed the first frame of `stream` (the connection in use's): its setup is complete, in one sentence. */
  frameShown(stream: MediaStream, at: number): void {
    const record = this.setup?.frameShown(stream, this.data.session, at);
    if (record) this.event('setup', setupSentence(setupPhases(record), this.data.name), record.session);
  }

  /** The setup of `session` did not finish: say how far it got (once). */
  private setupStopped(session: number): void {
    const record = this.setup?.record(session);
    if (!record || record.marks['first-frame'] !== undefined || this.stoppedSaid.has(session)) return;
    this.stoppedSaid.add(session);
    this.event('setup', setupSentence(setupPhases(record), this.data.name), session);
  }

  state(state: LinkState): void {
    const connected = state === 'connected';
    const now = this.now();
    // Credit connected time on every change, so a call shorter than one stats poll still counts.
    if (this.creditedTo !== null) this.credit(now, this.lastPathRelayed);
    this.creditedTo = connected ? now : null;
    this.recoveries.state(state);
    this.update({
      state,
      everConnected: this.data.everConnected || connected,
      connectedAt: this.data.connectedAt ?? (connected ? this.now() : null),
    });
  }

  candidate(direction: 'sent' | 'received', line: string, session = this.data.session): void {
    const entry = { at: this.now(), direction, line, parsed: parseCandidate(line), session };
    this.update({ candidates: appendBounded(this.data.candidates, entry, CANDIDATE_LOG_LIMIT) });
  }

  /** A STUN/TURN server refused or did not answer while gathering. */
  candidateError(error: Omit<CandidateError, 'at'>, session = this.data.session): void {
    const entry = { ...error, at: this.now() };
    if (session === this.data.session) this.recoveries.candidateError(error.errorCode);
    this.update({ candidateErrors: appendBounded(this.data.candidateErrors, entry, CANDIDATE_LOG_LIMIT) });
    this.event('candidate-error', `${error.url}: ${error.errorCode} ${error.errorText}`.trim(), session);
  }

  /** The connection in use is now this one (a replacement took over). */
  use(session: number, policy: RTCIceTransportPolicy): void {
    this.pendingSession = null;
    this.update({ session, policy, switchingTo: null, switchFailure: null, latest: null, videoStalled: false });
  }

  /**
   * A replacement with `policy` is being negotiated (null: none any more), and why the last one
   * failed; `session` is the replacement's, when one starts.
   */
  switching(policy: RTCIceTransportPolicy | null, failure: string | null = null, session?: number): void {
    if (policy && session !== undefined) {
      this.setup?.switched(session, policy);
      this.pendingSession = session;
    }
    if (!policy && failure && this.pendingSession !== null) this.setupStopped(this.pendingSession);
    if (!policy) this.pendingSession = null;
    this.update({ switchingTo: policy, switchFailure: failure });
  }

  /** A recovery of connection `session` began (issue 19): recorded with its cause, ended by what follows. */
  recovery(cause: RecoveryCause, detail: string, session: number): void {
    if (session !== this.data.session) return;
    const path = this.data.latest?.path ?? null;
    const from = pathKind(path, receivedCandidates(this.data));
    this.recoveries.begin(cause, detail, from, this.relayed(), this.data.state === 'connected');
    this.event('recovery', `recovery began: ${causeWords[cause]} (${detail})`, session);
  }

  /** The person's camera video stopped on the working link (the tile says "Video stalled"), or no longer. */
  videoStall(stalled: boolean): void {
    if (stalled !== (this.data.videoStalled ?? false)) this.update({ videoStalled: stalled });
  }

  /** The recovery under way gave up while the link goes on as it was (a new subscription on Janus that did not connect). */
  recoveryFailed(): void {
    this.recoveries.state('failed');
    this.update({});
  }

  /** The link is lost for good, for this reason (in words). */
  fail(cause: string): void {
    this.setupStopped(this.data.session);
    this.recoveries.state('failed');
    this.update({ failure: cause });
  }

  /** Whether the path now in use goes through TURN, on either side (prflx relays included). */
  relayed(s: ConnectionSnapshot | null = this.data.latest): boolean {
    return s?.path ? pathRelayed(s.path, receivedCandidates(this.data)) : false;
  }

  /** Whether the last path seen went through TURN: what a lost call was using when it dropped. */
  get wasRelayed(): boolean {
    return this.lastPathRelayed;
  }

  /** Feeds one getStats() result; returns the new snapshot. */
  /** On Janus: the layer the tile asks for and the one arriving; shown with the next stats. */
  layer(choice: LayerChoice): void {
    this.data = { ...this.data, layer: choice };
  }

  stats(records: readonly StatsRecord[]): ConnectionSnapshot {
    const s = snapshot(records, this.data.latest);
    const relayed = this.relayed(s);
    if (s.path) this.lastPathRelayed = relayed;
    const now = this.now();
    if (this.creditedTo !== null) this.credit(now, relayed);
    const pairKey = s.path ? `${s.path.local.id}|${s.path.remote.id}` : null;
    let timeline = this.data.timeline;
    if (pairKey !== this.lastPair && s.path) {
      const { local, remote } = s.path;
      const value = `selected pair: ${local.type} ${local.protocol}${local.relayProtocol ? ` (relay over ${local.relayProtocol})` : ''} ⇄ ${remote.type} ${remote.protocol}`;
      timeline = appendBounded(timeline, { at: now, kind: 'pair', value }, TIMELINE_LIMIT);
    }
    this.lastPair = pairKey;
    const recovered = this.recoveries.stats(records, pathKind(s.path, receivedCandidates(this.data)));
    if (recovered) timeline = appendBounded(timeline, recoveryEntry(now, recovered), TIMELINE_LIMIT);
    this.update({
      latest: s,
      lastPath: s.path ?? this.data.lastPath,
      series: appendBounded(this.data.series, pointFrom(s, relayed), SERIES_LIMIT),
      timeline,
    });
    return s;
  }

  /** Adds the connected time since the last credit, relayed or not. */
  private credit(now: number, relayed: boolean): void {
    const delta = Math.max(0, now - (this.creditedTo ?? now));
    this.creditedTo = now;
    const hop = weakHop(this.data);
    const weakHopMs = hop
      ? { ...this.data.weakHopMs, [hop]: (this.data.weakHopMs[hop] ?? 0) + delta }
      : this.data.weakHopMs;
    this.data = {
      ...this.data,
      connectedMs: this.data.connectedMs + delta,
      relayedMs: this.data.relayedMs + (relayed ? delta : 0),
      weakHopMs,
    };
  }

  private update(patch: Partial<PeerDiagnostics>): void {
    this.data = { ...this.data, ...patch, setups: this.setup?.all ?? [], recoveries: this.recoveries.all };
    this.publish(this.data);
  }
}

const recoveryEntry = (at: number, r: RecoveryRecord) => ({
  at,
  kind: 'recovery' as const,
  value: recoverySentence(r),
});
