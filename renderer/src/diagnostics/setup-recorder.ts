/**
 * The setup marks of every connection to one person (the first, and each replacement), taken
 * from the link's own events as the LinkRecorder gets them:
 * - offer and answer sent / received: when the description went out to, or came in from, the
 *   signaling connection (call/setup-marks.ts watches it; Chromium may tell the page "ICE
 *   connected" before it tells it the answer was applied, so the signaling state would not do);
 * - ICE connected: iceConnectionState connected/completed, or the selected pair's first change;
 * - DTLS connected: the RTCDtlsTransport's state (watched through sender.transport), or the
 *   connection state connected, which Chromium reaches only with DTLS up;
 * - first frame: the tile's requestVideoFrameCallback for this connection's stream (a frame
 *   on screen, what a person waits for; inbound-rtp framesDecoded is only seen once a second).
 * Only the first of each mark counts: later renegotiations and ICE restarts are not setup.
 */
import type { TimelineKind } from '../../../shared/diagnostics';
import type { SetupKind, SetupMark, SetupMarks, SetupRecord } from '../../../shared/setup-phases';
import type { SignalData } from '../../../shared/signaling';

/** How a connection's record starts: why it was made and the call's marks before it. */
export interface SetupStart {
  kind: SetupKind;
  marks: SetupMarks;
}

/** Where what the call sees of one person goes (their LinkRecorder): first frames, descriptions on the wire. */
export interface SetupSink {
  frameShown(stream: MediaStream, at: number): void;
  signaled(direction: 'sent' | 'received', data: SignalData): void;
}

/** The call's marks, as a person's recorder needs them (call/setup-marks.ts). */
export interface CallMarks {
  now(): number;
  /** The first connection to a person starts: part of our join, or their arrival. */
  linkStart(remoteId: string): SetupStart;
  /** A replacement starts: our Relay only switch, or theirs. */
  switchStart(): SetupStart;
  register(remoteId: string, sink: SetupSink): void;
}

/** The mark a link event stands for, if any (`value` is the state the link reported). */
function markOf(kind: TimelineKind, value: string): SetupMark | null {
  if (kind === 'ice' && (value === 'checking' || value === 'connected' || value === 'completed'))
    return value === 'checking' ? 'ice-checking' : 'ice-connected';
  if (kind === 'pair') return 'ice-connected';
  if ((kind === 'dtls' || kind === 'connection') && value === 'connected') return 'dtls-connected';
  return null;
}

export class SetupRecorder {
  private readonly records = new Map<number, SetupRecord>();
  /** Streams whose first frame was already counted (a tile re-mounting shows it again). */
  private readonly counted = new WeakSet<MediaStream>();

  /** `first`: the connection the record begins with (a person who comes after a republish or rejoin: a later session). */
  constructor(
    private readonly marks: CallMarks,
    remoteId: string,
    first: { session: number; policy: RTCIceTransportPolicy } = { session: 0, policy: 'all' },
  ) {
    const start = marks.linkStart(remoteId);
    this.records.set(first.session, { ...first, kind: start.kind, marks: start.marks });
  }

  /** A copy of every record, for the store (the marks here keep changing). */
  get all(): SetupRecord[] {
    return [...this.records.values()].map((r) => ({ ...r, marks: { ...r.marks } }));
  }

  record(session: number): SetupRecord | undefined {
    return this.records.get(session);
  }

  /** One event of the connection `session`. */
  observe(kind: TimelineKind, value: string, session: number): void {
    const mark = markOf(kind, value);
    if (mark) this.mark(session, mark);
  }

  /** A description of the connection it names went out or came in (candidates and media state are not setup). */
  signaled(direction: 'sent' | 'received', data: SignalData): void {
    if (!('description' in data)) return;
    const { type } = data.description;
    if (type !== 'offer' && type !== 'answer') return;
    this.mark(data.session ?? 0, `${type}-${direction}`);
  }

  /** The first of each mark counts, until the first frame: what comes after (a renegotiation, a restart) is not setup. */
  private mark(session: number, mark: SetupMark): void {
    const m = this.records.get(session)?.marks;
    if (m && m[mark] === undefined && m['first-frame'] === undefined) m[mark] = this.marks.now();
  }

  /** A replacement connection `session` with `policy` started (a Relay only switch). */
  switched(session: number, policy: RTCIceTransportPolicy): void {
    if (this.records.has(session)) return;
    const start = this.marks.switchStart();
    this.records.set(session, { session, kind: start.kind, policy, marks: start.marks });
  }

  /**
   * The tile showed `stream`'s first frame, `stream` being the connection `session`'s: the
   * record it completes, or null when that frame was counted already.
   */
  frameShown(stream: MediaStream, session: number, at: number): SetupRecord | null {
    const record = this.records.get(session);
    if (!record || this.counted.has(stream) || record.marks['first-frame'] !== undefined) return null;
    this.counted.add(stream);
    record.marks['first-frame'] = at;
    return record;
  }
}
