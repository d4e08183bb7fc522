/**
 * The setup marks of every connection to one person (the first, and each replacement), taken
 * from the link's own events as the LinkRecorder gets them:
 * - offer sent / received: signaling state have-local-offer / have-remote-offer (set just
 *   before the description goes out); answer received / sent: back to stable after that;
 * - ICE connected: iceConnectionState connected/completed, or the selected pair's first change;
 * - DTLS connected: the RTCDtlsTransport's state (watched through sender.transport), or the
 *   connection state connected, which Chromium reaches only with DTLS up;
 * - first frame: the tile's requestVideoFrameCallback for this connection's stream (a frame
 *   on screen, what a person waits for; inbound-rtp framesDecoded is only seen once a second).
 * Only the first of each mark counts: later renegotiations and ICE restarts are not setup.
 */
import type { TimelineKind } from '../../../shared/diagnostics';
import type { SetupKind, SetupMark, SetupMarks, SetupRecord } from '../../../shared/setup-phases';

/** How a connection's record starts: why it was made and the call's marks before it. */
export interface SetupStart {
  kind: SetupKind;
  marks: SetupMarks;
}

/** Where one person's first frames go (their LinkRecorder). */
export type FrameSink = (stream: MediaStream, at: number) => void;

/** The call's marks, as a person's recorder needs them (call/setup-marks.ts). */
export interface CallMarks {
  now(): number;
  /** The first connection to a person starts: part of our join, or their arrival. */
  linkStart(remoteId: string): SetupStart;
  /** A replacement starts: our Relay only switch, or theirs. */
  switchStart(): SetupStart;
  register(remoteId: string, sink: FrameSink): void;
}

/** The mark a link event stands for, if any (`value` is the state the link reported). */
function markOf(kind: TimelineKind, value: string, record: SetupRecord): SetupMark | null {
  const m = record.marks;
  if (kind === 'signaling') {
    if (value === 'have-local-offer') return 'offer-sent';
    if (value === 'have-remote-offer') return 'offer-received';
    if (value === 'stable' && m['offer-sent'] !== undefined && m['offer-received'] === undefined)
      return 'answer-received';
    if (value === 'stable' && m['offer-received'] !== undefined) return 'answer-sent';
    return null;
  }
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

  constructor(
    private readonly marks: CallMarks,
    remoteId: string,
  ) {
    const start = marks.linkStart(remoteId);
    this.records.set(0, { session: 0, kind: start.kind, policy: 'all', marks: start.marks });
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
    const record = this.records.get(session);
    if (!record) return;
    const m = record.marks;
    // A polite side's own offer rolled back (glare): it answers theirs instead.
    if (kind === 'signaling' && value === 'have-remote-offer' && m['offer-sent'] !== undefined) {
      delete m['offer-sent'];
      delete m['answer-received'];
    }
    const mark = markOf(kind, value, record);
    if (mark && m[mark] === undefined) m[mark] = this.marks.now();
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
