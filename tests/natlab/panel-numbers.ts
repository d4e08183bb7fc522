/**
 * The diagnostics panel's quality card as a person reads it: the grade with
 * its reasons, RTT, jitter, loss and bitrates as the words on screen (parsed
 * back into numbers), how far back RTT and loss reach ("RTT, last 30 s"), and
 * the hints.
 */
import type { LabPerson } from './lab-person';

export interface PanelNumbers {
  grade: string | null;
  /** The words after the grade, e.g. "(5.1 % packets lost)". */
  reasons: string;
  rttMs: number | null;
  jitterMs: number | null;
  lossPct: number | null;
  inKbps: number | null;
  /** How far back RTT and loss reach, as the card says ("Loss, last 30 s"), s. */
  recentS: number | null;
  /** When the loss window starts (its first stats report, ms since the epoch), as the card marks it. */
  recentFrom: number | null;
  /** Each hint as shown: "Symptom. Likely cause: … Fix: …." */
  hints: string[];
}

/** "120 ms", "5.1 %", "850 kbit/s", "1.20 Mbit/s" back to a number in the card's unit; "–" is null. */
export function shownNumber(text: string | null): number | null {
  const m = /(-?\d+(?:\.\d+)?)\s*(ms|%|kbit\/s|Mbit\/s)/.exec(text ?? '');
  if (!m) return null;
  const value = Number(m[1]);
  return m[2] === 'Mbit/s' ? value * 1000 : value;
}

/** One look at the quality card (the diagnostics panel must be open): its words, in one read. */
export async function readNumbers(person: LabPerson): Promise<PanelNumbers> {
  const card = person.page
    .getByRole('complementary', { name: 'Diagnostics panel' })
    .getByRole('region', { name: 'Quality' });
  const shown = await card.evaluate(
    (el) => {
      const text = (node: Element | null | undefined) => node?.textContent?.trim() ?? null;
      // Keyed by the label's first word: "RTT, last 30 s" is RTT.
      const metrics: Record<string, string | null> = {};
      const labels: Record<string, string | null> = {};
      for (const row of el.querySelectorAll('dl.metrics > div')) {
        const label = text(row.querySelector('dt')) ?? '';
        const key = label.split(',')[0]!;
        metrics[key] = text(row.querySelector('dd'));
        labels[key] = label;
      }
      return {
        labels,
        since: el.querySelector('[data-testid="metric-loss"]')?.getAttribute('data-since') ?? null,
        grade: text(el.querySelector('h3 .grade')),
        reasons: text(el.querySelector('h3 .muted')) ?? '',
        metrics,
        hints: [...el.querySelectorAll('ul[aria-label="Hints"] > li')].map((li) => text(li) ?? ''),
      };
    },
    undefined,
    // A look on a loaded machine: the page can be starved of CPU for seconds.
    { timeout: 30_000 },
  );
  return {
    grade: shown.grade,
    reasons: shown.reasons,
    rttMs: shownNumber(shown.metrics.RTT ?? null),
    jitterMs: shownNumber(shown.metrics.Jitter ?? null),
    lossPct: shownNumber(shown.metrics.Loss ?? null),
    inKbps: shownNumber(shown.metrics.In ?? null),
    recentS: Number(/last (\d+) s/.exec(shown.labels.Loss ?? '')?.[1] ?? NaN) || null,
    recentFrom: shown.since === null ? null : Number(shown.since),
    hints: shown.hints,
  };
}

/** `count` looks, one a second (the panel's own poll): what a person watching for that long saw. */
export async function watchNumbers(person: LabPerson, count: number): Promise<PanelNumbers[]> {
  const seen: PanelNumbers[] = [];
  for (let i = 0; i < count; i += 1) {
    if (i > 0) await person.page.waitForTimeout(1_000);
    seen.push(await readNumbers(person));
  }
  return seen;
}

export function median(values: readonly (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null).sort((x, y) => x - y);
  if (known.length === 0) return null;
  const mid = Math.floor(known.length / 2);
  return known.length % 2 ? known[mid]! : (known[mid - 1]! + known[mid]!) / 2;
}
