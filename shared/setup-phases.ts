/**
 * The phases of a link's setup, from the marks the call recorded (performance.now() times):
 * each phase runs from the last mark reached before it to its own mark, so the phases add up
 * to the time from the start to the last mark reached. A mark that never came is said so
 * (not reached, or not seen when a later one came), never guessed.
 */

/** What started a link's setup: our Join, a rejoin after a signaling drop, their arrival, a Relay only switch (ours or theirs). */
export type SetupKind = 'join' | 'rejoin' | 'arrival' | 'switch' | 'switch-answer';

export type SetupMark =
  | 'join-clicked'
  | 'media-ready'
  | 'ice-ready'
  | 'join-sent'
  | 'join-acked'
  | 'peer-joined'
  | 'switch-clicked'
  | 'switch-started'
  | 'offer-sent'
  | 'offer-received'
  | 'answer-received'
  | 'answer-sent'
  | 'ice-checking'
  | 'ice-connected'
  | 'dtls-connected'
  | 'first-frame';

export type SetupMarks = Partial<Record<SetupMark, number>>;

/** One connection's setup as recorded: which session (0 first, a replacement higher), why it was made, its marks. */
export interface SetupRecord {
  session: number;
  kind: SetupKind;
  policy: RTCIceTransportPolicy;
  marks: SetupMarks;
}

export type PhaseName =
  'media' | 'servers' | 'signaling' | 'join' | 'setting' | 'offer' | 'answer' | 'ice' | 'dtls' | 'frame';

/**
 * measured: `ms` from the mark before it (`from`); parallel: its mark came before the previous
 * phase ended, so it added nothing to the wait; unseen: its mark never came but a later one did
 * (the next measured phase covers it); not-reached: neither it nor anything after it happened.
 */
export type PhaseStatus = 'measured' | 'parallel' | 'unseen' | 'not-reached';

export interface Phase {
  name: PhaseName;
  status: PhaseStatus;
  ms: number | null;
  /** The mark a measured phase was counted from (the start, or the previous phase's end). */
  from: SetupMark | null;
}

export interface SetupPhases {
  session: number;
  kind: SetupKind;
  policy: RTCIceTransportPolicy;
  phases: Phase[];
  /** Start to the first frame shown; null until it was. */
  totalMs: number | null;
  /** Start to the last mark reached (the sum of the measured phases). */
  reachedMs: number;
  /** From the start to the selected pair (for a relay switch: the relay pair), when reached. */
  pairMs: number | null;
}

export const START_MARK: Record<SetupKind, SetupMark> = {
  join: 'join-clicked',
  rejoin: 'join-sent',
  arrival: 'peer-joined',
  switch: 'switch-clicked',
  'switch-answer': 'switch-started',
};

const BEFORE_LINK: Record<SetupKind, PhaseName[]> = {
  join: ['media', 'servers', 'signaling', 'join'],
  rejoin: ['join'],
  arrival: [],
  switch: ['setting'],
  'switch-answer': [],
};

const LINK_PHASES: PhaseName[] = ['offer', 'answer', 'ice', 'dtls', 'frame'];

/**
 * Whether this side was the offerer: the first answer decides (after glare the polite side answers
 * although it offered first); before any answer, the first offer.
 */
export function offered(marks: SetupMarks): boolean {
  const first = (a: number | undefined, b: number | undefined) => a !== undefined && (b === undefined || a <= b);
  const gotAnswer = marks['answer-received'];
  const gaveAnswer = marks['answer-sent'];
  if (gotAnswer !== undefined || gaveAnswer !== undefined) return first(gotAnswer, gaveAnswer);
  return first(marks['offer-sent'], marks['offer-received']);
}

/** The mark that ends each phase, for this side's role in the offer/answer exchange. */
function endMark(name: PhaseName, offerer: boolean): SetupMark {
  switch (name) {
    case 'media':
      return 'media-ready';
    case 'servers':
      return 'ice-ready';
    case 'signaling':
      return 'join-sent';
    case 'join':
      return 'join-acked';
    case 'setting':
      return 'switch-started';
    case 'offer':
      return offerer ? 'offer-sent' : 'offer-received';
    case 'answer':
      return offerer ? 'answer-received' : 'answer-sent';
    case 'ice':
      return 'ice-connected';
    case 'dtls':
      return 'dtls-connected';
    case 'frame':
      return 'first-frame';
  }
}

/** The phases of one record, in order. */
export function setupPhases(record: SetupRecord): SetupPhases {
  const { marks, kind } = record;
  const startMark = START_MARK[kind];
  const start = marks[startMark];
  const offerer = offered(marks);
  const names = [...BEFORE_LINK[kind], ...LINK_PHASES];
  const ends = names.map((name) => marks[endMark(name, offerer)]);
  const phases: Phase[] = [];
  let prev = start;
  let prevMark: SetupMark | null = start === undefined ? null : startMark;
  names.forEach((name, i) => {
    const at = ends[i];
    const later = ends.slice(i + 1).some((t) => t !== undefined);
    if (prev === undefined || prevMark === null) {
      phases.push({ name, status: 'not-reached', ms: null, from: null });
    } else if (at === undefined) {
      phases.push({ name, status: later ? 'unseen' : 'not-reached', ms: null, from: null });
    } else if (at < prev) {
      phases.push({ name, status: 'parallel', ms: null, from: null });
    } else {
      phases.push({ name, status: 'measured', ms: at - prev, from: prevMark });
      prev = at;
      prevMark = endMark(name, offerer);
    }
  });
  const frame = marks['first-frame'];
  const pair = marks['ice-connected'];
  const since = (t: number | undefined) => (t === undefined || start === undefined || t < start ? null : t - start);
  return {
    session: record.session,
    kind,
    policy: record.policy,
    phases,
    totalMs: since(frame),
    reachedMs: start === undefined || prev === undefined ? 0 : prev - start,
    pairMs: since(pair),
  };
}

/** The phase after which the setup stopped (the last measured one), or null when none was. */
export function lastReached(p: SetupPhases): Phase | null {
  return [...p.phases].reverse().find((phase) => phase.status === 'measured') ?? null;
}
