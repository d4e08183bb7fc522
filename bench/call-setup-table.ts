/** The call-setup benchmark's result (bench/call-setup.ts), and the table `npm run bench` prints of it. */
import type { PhaseName } from '../shared/setup-phases';
import { PHASE_WORDS } from '../shared/setup-words';
import { median } from './median';

export interface CallSetupResult {
  name: 'call-setup';
  calls: number;
  appMs: number[];
  floorMs: number[];
  appMedianMs: number;
  floorMedianMs: number;
  ratio: number;
  target: string;
  /** Round trip added between the app and its signaling server (BENCH_SIGNALING_RTT_MS); 0: loopback. */
  signalingRttMs: number;
  /**
   * With a distant server: the floor plus two round trips (the offer reaching the other person and
   * the answer coming back), and the app's median against it (target ≤ 1.15).
   */
  roundTrips: { targetMs: number; ratio: number } | null;
  /** Per call, the app's own phases of its setup (ms; absent: not measured in that call), and its own total. */
  appPhases: AppPhases[];
  /** Median of each phase over the calls that measured it, and of the app's own Join → first frame. */
  phaseMedianMs: Partial<Record<PhaseName, number>>;
  appOwnTotalMedianMs: number | null;
  /** The floor's own phases per call (offer … first frame), and their medians. */
  floorPhases: Partial<Record<PhaseName, number>>[];
  floorPhaseMedianMs: Partial<Record<PhaseName, number>>;
}

/** What the app's after-call summary says about one call's setup. */
export interface AppPhases {
  /** The sentence the summary shows (says which phases were not seen or ran in parallel). */
  words: string;
  totalMs: number | null;
  phases: Partial<Record<PhaseName, number>>;
}

const PHASE_ORDER: PhaseName[] = ['media', 'servers', 'signaling', 'join', 'offer', 'answer', 'ice', 'dtls', 'frame'];

export function phaseMedians(calls: AppPhases[]): Partial<Record<PhaseName, number>> {
  const out: Partial<Record<PhaseName, number>> = {};
  for (const name of PHASE_ORDER) {
    const values = calls.flatMap((c) => (c.phases[name] === undefined ? [] : [c.phases[name]]));
    if (values.length) out[name] = median(values);
  }
  return out;
}

export function callSetupTable(r: CallSetupResult): string {
  const f = (n: number) => `${n.toFixed(1)} ms`;
  const measured = (name: PhaseName) => r.appPhases.filter((c) => c.phases[name] !== undefined).length;
  // A phase whose mark came before the previous one ended added nothing (the offer that goes with the join).
  const parallel = (name: PhaseName) =>
    r.appPhases.filter((c) => c.words.includes(`${PHASE_WORDS[name]} in parallel`)).length;
  const note = (name: PhaseName) => {
    if (measured(name) === r.calls) return '';
    const p = parallel(name);
    return `  (app: measured in ${measured(name)} of ${r.calls} calls${p ? `, in parallel with the phase before in ${p}` : ''})`;
  };
  return [
    `call setup (Join → first decoded remote frame), median of ${r.calls} calls${r.signalingRttMs ? `, signaling server ${r.signalingRttMs} ms away (round trip)` : ''}`,
    `  Traverse over signaling : ${f(r.appMedianMs)}`,
    `  floor (same page, direct): ${f(r.floorMedianMs)}`,
    ...(r.roundTrips
      ? [
          `  ratio                   : ${r.ratio.toFixed(2)}x  (the 1.2x target is for a server on loopback)`,
          `  floor + 2 round trips   : ${f(r.roundTrips.targetMs)}; Traverse ${r.roundTrips.ratio.toFixed(2)}x of it  (target ≤ 1.15x)`,
        ]
      : [`  ratio                   : ${r.ratio.toFixed(2)}x  (target ≤ 1.2x)`]),
    `  where the time goes (the app's own marks, median per phase; the app's Join → first frame ${r.appOwnTotalMedianMs === null ? 'not measured' : f(r.appOwnTotalMedianMs)}):`,
    ...PHASE_ORDER.map((name) => {
      const value = r.phaseMedianMs[name];
      const label = PHASE_WORDS[name].padEnd(22);
      const floor = r.floorPhaseMedianMs[name];
      const shown = value === undefined ? (parallel(name) ? 'in parallel' : 'not measured') : f(value);
      return `    ${label}: ${shown.padStart(12)}   floor ${floor === undefined ? '–' : f(floor)}${note(name)}`;
    }),
  ].join('\n');
}
