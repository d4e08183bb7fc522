/**
 * How the panel's numbers are judged against the link conditions the lab
 * imposes, and the table printed for it. Pure: the tolerances are here, in one
 * place, with the reasons for them.
 */
import type { ConnectionSnapshot } from '../../shared/stats';
import { quality } from '../../shared/stats-quality';
import { median, type PanelNumbers } from './panel-numbers';

/** What one home's link does, seen from a person on either side of it (both directions alike). */
export interface Imposed {
  rttMs: number;
  /** Per direction, so each side's inbound loss. */
  lossPct: number;
  /** The wire's ± range of each frame's extra delay, per direction. */
  jitterMs: number;
}

/** The done-when's tolerances: RTT within ±20 %, loss within ±2 points. */
export const RTT_TOLERANCE = 0.2;
export const LOSS_POINTS = 2;
/** The seed's row the panel hints from when the round trip is high on a direct path. */
export const LATENCY_HINT = 'High latency on a direct path';

export interface Watched {
  who: string;
  looks: PanelNumbers[];
}

export interface Medians {
  rttMs: number | null;
  jitterMs: number | null;
  lossPct: number | null;
}

export function mediansOf(looks: readonly PanelNumbers[]): Medians {
  return {
    rttMs: median(looks.map((n) => n.rttMs)),
    jitterMs: median(looks.map((n) => n.jitterMs)),
    lossPct: median(looks.map((n) => n.lossPct)),
  };
}

/** The grade stats-quality.ts gives for a link with these numbers over its recent window (a direct path). */
export function gradeFor(n: { rttMs: number | null; lossPct: number | null; jitterMs: number | null }) {
  const s = {
    path: {},
    jitterMs: n.jitterMs,
    recent: { rttMs: n.rttMs, lossPct: n.lossPct },
  } as unknown as ConnectionSnapshot;
  return quality(s);
}

/** Whether a shown (rounded) number sits so close to a threshold that its rounding decides the grade. */
function onEdge(n: PanelNumbers): boolean {
  const near = (v: number | null, edges: number[], half: number) =>
    v !== null && edges.some((e) => Math.abs(v - e) <= half);
  return near(n.rttMs, [150, 300], 0.5) || near(n.jitterMs, [30, 60], 0.5) || near(n.lossPct, [1, 5], 0.05);
}

/**
 * Everything about one person's looks that disagrees with the link: each look's RTT and loss
 * against the imposed numbers (the panel shows them over its recent window, so every look must
 * be right, not only their median), and each look's grade and latency hint against what the
 * app's table gives for the numbers it shows.
 *
 * `baselineRttMs` is the RTT the same panel showed on the same path with no conditions, in the
 * same run: the wire adds its delay to the path's own round trip (on a person's computer about
 * 1 ms; on this loaded 2-core machine Chromium answers its checks 7-56 ms late), so the panel is
 * right when it shows the path's own figure plus the imposed one.
 */
export function judgeLooks(imposed: Imposed, { who, looks }: Watched, baselineRttMs = 0): string[] {
  const problems: string[] = [];
  const expectedRtt = imposed.rttMs + baselineRttMs;
  const rttLow = expectedRtt * (1 - RTT_TOLERANCE);
  const rttHigh = expectedRtt * (1 + RTT_TOLERANCE);
  if (looks.length === 0) problems.push(`${who}: no look at the panel`);
  for (const [i, n] of looks.entries()) {
    const look = `${who}'s look ${i + 1}`;
    if (n.rttMs === null || n.rttMs < rttLow || n.rttMs > rttHigh)
      problems.push(
        `${look}: RTT ${n.rttMs} ms, imposed ${imposed.rttMs} ms + the path's own ${baselineRttMs} ms ±${RTT_TOLERANCE * 100} %`,
      );
    if (n.lossPct === null || Math.abs(n.lossPct - imposed.lossPct) > LOSS_POINTS)
      problems.push(`${look}: loss ${n.lossPct} %, imposed ${imposed.lossPct} % ±${LOSS_POINTS} points`);
    const expected = gradeFor(n);
    if (!onEdge(n) && n.grade !== expected.grade)
      problems.push(
        `${look}: grade ${n.grade} ${n.reasons}, but the table gives ${expected.grade} for RTT ${n.rttMs} ms, loss ${n.lossPct} %, jitter ${n.jitterMs} ms`,
      );
    if (n.grade === 'good') problems.push(`${look}: grade good with ${imposed.lossPct} % loss imposed`);
    const latency = n.hints.some((h) => h.startsWith(LATENCY_HINT));
    const latencyDue = (n.rttMs ?? 0) > 300;
    if (!onEdge(n) && latency !== latencyDue)
      problems.push(`${look}: RTT ${n.rttMs} ms ${latency ? 'with' : 'without'} the hint "${LATENCY_HINT}"`);
  }
  return problems;
}

/** How often each grade showed: "fair 12, poor 8". */
function grades(looks: readonly PanelNumbers[]): string {
  const count = new Map<string, number>();
  for (const n of looks) count.set(n.grade ?? '–', (count.get(n.grade ?? '–') ?? 0) + 1);
  return [...count].map(([g, c]) => `${g} ${c}`).join(', ');
}

/** Imposed against shown, as a Markdown table (medians and ranges over the looks). */
export function conditionsTable(imposed: Imposed, clear: readonly Watched[], loaded: readonly Watched[]): string {
  const expected = gradeFor(imposed);
  const rows = [
    '| panel | looks | window s | RTT ms median (min–max) | loss % median (min–max) | jitter ms | grades shown | hints shown |',
    '|---|---|---|---|---|---|---|---|',
    `| imposed (wire) | – | – | ${imposed.rttMs} | ${imposed.lossPct} | ±${imposed.jitterMs} | table: ${expected.grade} (${expected.reasons.join(', ') || 'no reason'}) | none due (RTT ≤ 300 ms) |`,
  ];
  const row = (label: string, w: Watched) => {
    const m = mediansOf(w.looks);
    const hints = [...new Set(w.looks.flatMap((n) => n.hints.map((h) => h.split('.')[0])))].join('; ') || 'none';
    const range = (values: (number | null)[]) => {
      const known = values.filter((v): v is number => v !== null);
      return known.length ? `${Math.min(...known)}–${Math.max(...known)}` : '–';
    };
    rows.push(
      `| ${label} ${w.who} | ${w.looks.length} | ${range(w.looks.map((n) => n.recentS))} | ${m.rttMs} (${range(w.looks.map((n) => n.rttMs))}) | ${m.lossPct} (${range(w.looks.map((n) => n.lossPct))}) | ${m.jitterMs} | ${grades(w.looks)} | ${hints} |`,
    );
  };
  for (const w of clear) row('no conditions:', w);
  for (const w of loaded) row('conditions:', w);
  return rows.join('\n');
}
