/**
 * The sentence a person reads about a link's setup, in the diagnostics timeline and the
 * after-call summary: "Call setup with Ben: 530 ms from Join to first frame (camera 0 ms,
 * ICE servers 12 ms, …, first frame 90 ms)." Built as parts, so the summary can mark each
 * number up (and the benchmark read it) while the words stay the ones tested here.
 */
import { SFU_UPLINK_NAME } from './sfu-hops';
import { lastReached, type Phase, type PhaseName, type SetupKind, type SetupPhases } from './setup-phases';

export const PHASE_WORDS: Record<PhaseName, string> = {
  media: 'camera',
  servers: 'ICE servers',
  signaling: 'signaling connection',
  join: 'join',
  setting: 'saving the setting',
  offer: 'offer',
  answer: 'answer',
  ice: 'ICE',
  dtls: 'DTLS',
  frame: 'first frame',
};

/** What the start of each kind of setup was, as "from …". */
const FROM: Record<SetupKind, string> = {
  join: 'Join',
  rejoin: 'the rejoin',
  arrival: 'their arrival',
  switch: 'the click',
  'switch-answer': 'their new offer',
};

/** Where a measured phase was counted from, when the phase before it was not seen. */
const SINCE: Partial<Record<string, string>> = {
  'join-clicked': 'since Join',
  'join-sent': 'since the join was sent',
  'peer-joined': 'since their arrival',
  'switch-clicked': 'since the click',
  'switch-started': 'since the switch began',
  'media-ready': 'since the camera',
  'ice-ready': 'since the ICE servers',
  'join-acked': 'since the join',
  'offer-sent': 'since the offer',
  'offer-received': 'since the offer',
  'answer-received': 'since the answer',
  'answer-sent': 'since the answer',
  'ice-connected': 'since ICE',
  'dtls-connected': 'since DTLS',
};

export interface SetupPart {
  phase: PhaseName;
  /** The milliseconds this part says, when it says a number. */
  ms: number | null;
  text: string;
}

export interface SetupWords {
  /** Up to and including the opening parenthesis. */
  lead: string;
  parts: SetupPart[];
  /** After the parts: what was not reached, the closing parenthesis and anything after it. */
  tail: string;
}

const ms = (value: number) => `${Math.round(value)} ms`;

function label(p: SetupPhases, who: string): string {
  const to = p.policy === 'relay' ? 'relay' : 'direct';
  // Our own upload is no person; after a move to Janus it starts with the move, not anyone's arrival.
  if (who === SFU_UPLINK_NAME) return p.kind === 'switch' ? `Switch to ${to} of your upload` : 'Setup of your upload';
  switch (p.kind) {
    case 'join':
    case 'arrival':
      return `Call setup with ${who}`;
    case 'rejoin':
      return `Call setup with ${who} after rejoining`;
    case 'switch':
      return `Switch to ${to} with ${who}`;
    case 'switch-answer':
      return `Switch to ${to} asked by ${who}`;
  }
}

function partText(phase: Phase, previous: Phase | undefined, uplink: boolean): string | null {
  const name = PHASE_WORDS[phase.name];
  if (phase.status === 'not-reached') return null;
  if (phase.status === 'parallel') return `${name} in parallel`;
  if (phase.status === 'unseen') return `${name} not seen`;
  const since =
    previous?.status === 'unseen' && phase.from
      ? uplink && phase.from === 'peer-joined'
        ? 'since the move'
        : SINCE[phase.from]
      : undefined;
  return `${name} ${ms(phase.ms ?? 0)}${since ? ` (${since})` : ''}`;
}

function joinNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** The sentence in parts: lead, one part per phase reached or seen, and the tail. */
export function setupWords(p: SetupPhases, who: string): SetupWords {
  const parts: SetupPart[] = [];
  const uplink = who === SFU_UPLINK_NAME;
  p.phases.forEach((phase, i) => {
    const text = partText(phase, p.phases[i - 1], uplink);
    if (text) parts.push({ phase: phase.name, ms: phase.status === 'measured' ? phase.ms : null, text });
  });
  // Our upload shows no frame of its own: its setup ends at DTLS.
  const missing = p.phases
    .filter((phase) => phase.status === 'not-reached' && !(uplink && phase.name === 'frame'))
    .map((phase) => phase.name);
  // The first frame is marked when the tile shows it: one decoded in a hidden window was not shown.
  const gaps = [
    ...(missing.some((name) => name !== 'frame')
      ? [`${joinNames(missing.filter((name) => name !== 'frame').map((name) => PHASE_WORDS[name]))} not reached`]
      : []),
    ...(missing.includes('frame') ? ['no frame shown'] : []),
  ];
  const pair =
    p.kind === 'switch' && p.policy === 'relay' && p.pairMs !== null
      ? `; relay pair selected ${ms(p.pairMs)} after the click`
      : '';
  const from = uplink && p.kind === 'arrival' ? 'the move to Janus' : FROM[p.kind];
  const last = lastReached(p);
  const lead =
    p.totalMs !== null
      ? `${label(p, who)}: ${ms(p.totalMs)} from ${from} to first frame (`
      : last
        ? `${label(p, who)}: ${ms(p.reachedMs)} from ${from} to ${PHASE_WORDS[last.name]} (`
        : `${label(p, who)}: nothing reached since ${from} (`;
  const notReached = gaps.length ? `${parts.length ? '; ' : ''}${gaps.join(', ')}` : '';
  return { lead, parts, tail: `${notReached})${pair}.` };
}

/** The whole sentence, as the timeline shows it. */
export function setupSentence(p: SetupPhases, who: string): string {
  const w = setupWords(p, who);
  return `${w.lead}${w.parts.map((part) => part.text).join(', ')}${w.tail}`;
}
