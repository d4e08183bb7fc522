/**
 * Relay switch: in a running call over a real coturn (loopback, shared-secret credentials),
 * the guest clicks "Relay only"; the app's own setup marks for the replacement connection
 * (call/setup-marks.ts, diagnostics/setup-recorder.ts, phases by shared/setup-phases.ts) say
 * when its pair was selected and when the tile showed its first frame, both from the click.
 * SWITCHES switches to relay (10 by default), each followed by a switch back to direct, also
 * measured. A switch is over when the timeline gets its sentence ("Switch to relay with Host:
 * …"), watched in the page with a MutationObserver; the figures are read afterwards from the
 * support report the Diagnostics panel exports (every setup record, unbounded), never from
 * the timeline on screen, which shows only the newest 80 entries.
 */
import { chromium, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/chromium';
import { startHarness } from '../tests/harness/web-harness';
import { startCoturn } from '../tests/support/coturn';
import { median } from './median';
import { exportedPeer, phaseText, turnCall, type ReportedSetup } from './turn-call';

export interface SwitchFigures {
  /** Click → first frame on the new connection, per switch (ms, the app's marks). */
  frameMs: number[];
  /** Click → the new connection's pair selected (ms), per switch. */
  pairMs: number[];
  /** Switches the app gave up (not connected within its limit); not in the figures, tried again. */
  gaveUp: number;
  /** Each switch's measured phases ("setting 0, offer 113, answer 459, ice 381, dtls 119, frame 164"). */
  phases: string[];
  pairMedianMs: number;
  frameMedianMs: number;
}

export interface RelaySwitchResult {
  name: 'relay-switch';
  switches: number;
  toRelay: SwitchFigures;
  toDirect: SwitchFigures;
  /** The host's side of the same switches: from the guest's new offer to the first frame it shows. */
  answered: { relay: SwitchFigures; direct: SwitchFigures };
  target: string;
}

const SENTENCE_TIMEOUT_MS = 60_000;
/** Switches that may give up in one run before the run stops. */
const MAX_GIVE_UPS = 5;
/** Where each page's exported report is kept, for a second look at what the table sums up. */
const reportPath = (who: string) => fileURLToPath(new URL(`results/relay-switch-${who}.report.json`, import.meta.url));

/** The timeline's sentence "Switch to <to> with …" made at or after `since` (epoch ms), once it is there. */
async function sentenceAfter(page: Page, to: 'relay' | 'direct', since: number): Promise<string> {
  return page.evaluate(
    ({ to, since, timeoutMs }) =>
      new Promise<string>((resolve, reject) => {
        const found = () =>
          [...document.querySelectorAll('li.tl-setup')]
            .find(
              (li) =>
                li.textContent?.includes(`Switch to ${to} with`) &&
                Date.parse(li.querySelector('time')?.dateTime ?? '') >= since,
            )
            ?.querySelector('span:last-child')?.textContent ?? null;
        const first = found();
        if (first !== null) return resolve(first);
        const observer = new MutationObserver(() => {
          const words = found();
          if (words === null) return;
          observer.disconnect();
          clearTimeout(timer);
          resolve(words);
        });
        const timer = setTimeout(() => {
          observer.disconnect();
          reject(new Error(`no "Switch to ${to}" sentence within ${timeoutMs} ms of the click`));
        }, timeoutMs);
        observer.observe(document.body, { childList: true, subtree: true, characterData: true });
      }),
    { to, since, timeoutMs: SENTENCE_TIMEOUT_MS },
  );
}

/**
 * Clicks Relay only once the saved setting says the other way (the switch reads the saved
 * setting), and waits for the switch's sentence; false when the switch gave up (the app's own
 * 15 s limit: "…not reached, no frame shown"), the call then staying on its path.
 */
async function switchOnce(page: Page, to: 'relay' | 'direct'): Promise<boolean> {
  const toggle = page.getByRole('switch', { name: 'Relay only' });
  await page.getByRole('switch', { name: 'Relay only', checked: to !== 'relay' }).waitFor({ timeout: 30_000 });
  const clickedAt = Date.now();
  await toggle.click();
  const words = await sentenceAfter(page, to, clickedAt).catch(async (error: unknown) => {
    const last = (await exportedPeer(page)).summary.setups.at(-1);
    throw new Error(`${String(error)}; its record: ${last ? JSON.stringify(last) : 'none'}`);
  });
  if (words.includes('to first frame')) return true;
  // The setting now says `to`, the call is still on the other path: one click back puts them together again.
  await page.getByRole('switch', { name: 'Relay only', checked: to === 'relay' }).waitFor({ timeout: 30_000 });
  await toggle.click();
  return false;
}

function figures(all: ReportedSetup[]): SwitchFigures {
  const setups = all.filter((s) => s.totalMs !== null);
  const frameMs = setups.map((s) => s.totalMs ?? NaN);
  const pairMs = setups.map((s) => s.pairMs ?? NaN);
  return {
    frameMs,
    pairMs,
    gaveUp: all.length - setups.length,
    phases: setups.map(phaseText),
    pairMedianMs: median(pairMs),
    frameMedianMs: median(frameMs),
  };
}

/**
 * The setup records of `kind`, by session, split by the policy they switched to: `policyOf` says
 * it by session (the answering side's records all say "all", its own setting).
 */
function byPolicy(
  setups: ReportedSetup[],
  kind: string,
  policyOf: (s: ReportedSetup) => string = (s) => s.policy,
): { relay: ReportedSetup[]; direct: ReportedSetup[] } {
  const mine = setups.filter((s) => s.kind === kind).sort((a, b) => a.session - b.session);
  return {
    relay: mine.filter((s) => policyOf(s) === 'relay'),
    direct: mine.filter((s) => policyOf(s) !== 'relay'),
  };
}

export async function runRelaySwitchBench(switches = Number(process.env.SWITCHES ?? 10)): Promise<RelaySwitchResult> {
  const coturn = await startCoturn();
  const harness = await startHarness();
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const { host, guest } = await turnCall(browser, harness, coturn, {
      room: 'relay-bench',
      relayOnly: false,
      state: 'Connected',
    });
    for (const page of [host, guest]) await page.getByRole('button', { name: 'Diagnostics' }).click();
    let gaveUp = 0;
    for (let i = 0; i < switches; i += 1) {
      for (const to of ['relay', 'direct'] as const) {
        while (!(await switchOnce(guest, to)))
          if (++gaveUp > MAX_GIVE_UPS) throw new Error(`${gaveUp} switches gave up: the machine is too loaded`);
      }
    }
    const guestSetups = (await exportedPeer(guest, reportPath('guest'))).summary.setups;
    const ours = byPolicy(guestSetups, 'switch');
    const policies = new Map(guestSetups.map((s) => [s.session, s.policy]));
    const theirs = byPolicy(
      (await exportedPeer(host, reportPath('host'))).summary.setups,
      'switch-answer',
      (s) => policies.get(s.session) ?? 'unknown',
    );
    const done = (list: ReportedSetup[]) => list.filter((x) => x.totalMs !== null).length;
    if (done(ours.relay) !== switches || done(ours.direct) !== switches)
      throw new Error(
        `expected ${switches} switches each way, the report has ${done(ours.relay)} and ${done(ours.direct)}`,
      );
    return {
      name: 'relay-switch',
      switches,
      toRelay: figures(ours.relay),
      toDirect: figures(ours.direct),
      answered: { relay: figures(theirs.relay), direct: figures(theirs.direct) },
      target: 'to relay: median click → relay pair ≤ 1000 ms, click → first frame on it ≤ 1500 ms',
    };
  } finally {
    await browser.close();
    await harness.close();
    await coturn.stop();
  }
}

export function relaySwitchTable(r: RelaySwitchResult): string {
  const f = (n: number) => `${n.toFixed(0)} ms`;
  const range = (values: number[]) => `${f(Math.min(...values))}–${f(Math.max(...values))}`;
  const row = (label: string, x: SwitchFigures, extra = '') =>
    `  ${label}: pair selected median ${f(x.pairMedianMs)} (${range(x.pairMs)}), first frame median ${f(x.frameMedianMs)} (${range(x.frameMs)})${extra}`;
  return [
    `relay switch (click "Relay only" → the replacement connection), ${r.switches} switches each way, the app's own marks`,
    row('to relay         ', r.toRelay, '   target ≤ 1000 / ≤ 1500 ms'),
    row('to direct        ', r.toDirect),
    row('host, to relay   ', r.answered.relay, '   (from their new offer)'),
    row('host, to direct  ', r.answered.direct, '   (from their new offer)'),
    `  to relay, phases per switch: ${r.toRelay.phases.map((p) => `[${p}]`).join(' ')}`,
  ].join('\n');
}

export const bench = {
  async run() {
    const result = await runRelaySwitchBench();
    return { result, table: relaySwitchTable(result) };
  },
};
