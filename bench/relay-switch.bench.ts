/**
 * Relay switch: in a running call over a real coturn (loopback, shared-secret credentials),
 * the guest clicks "Relay only"; the app's own marks for the replacement connection
 * (call/setup-marks.ts, diagnostics/setup-recorder.ts) say when its relay pair was selected
 * and when the tile showed its first frame, both from the click. SWITCHES switches to relay
 * (10 by default), each followed by a switch back to direct, also measured. The numbers are
 * read from the diagnostics timeline's sentence ("…: N ms from the click to first frame (…);
 * relay pair selected M ms after the click.").
 */
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/chromium';
import { startHarness } from '../tests/harness/web-harness';
import { startCoturn } from '../tests/support/coturn';
import { median } from './median';

export interface SwitchFigures {
  /** Click → first frame on the new connection, per switch (ms, the app's marks). */
  frameMs: number[];
  /** Click → the new connection's pair selected (ms), per switch. */
  pairMs: number[];
  /** The timeline's sentence of each switch. */
  words: string[];
}

export interface RelaySwitchResult {
  name: 'relay-switch';
  switches: number;
  toRelay: SwitchFigures & { pairMedianMs: number; frameMedianMs: number };
  toDirect: SwitchFigures & { pairMedianMs: number; frameMedianMs: number };
  target: string;
}

async function configure(page: Page, secret: string, url: string): Promise<void> {
  await page.evaluate(
    async ({ secret, url }) => {
      const api = window.traverse!;
      const { ice } = await api.getSettings();
      await api.setSecret({ name: 'turn-shared-secret', value: secret });
      await api.setSettings({
        relayOnly: false,
        ice: { ...ice, mode: 'shared-secret', sharedSecret: { urls: [url], user: 'bench' } },
      });
    },
    { secret, url },
  );
  await page.reload();
}

/** Clicks Relay only and waits for the timeline's sentence about this switch; its numbers. */
async function switchOnce(page: Page, to: 'relay' | 'direct'): Promise<{ frame: number; pair: number; words: string }> {
  const entries = page
    .getByRole('list', { name: 'Timeline events, newest first' })
    .locator('li.tl-setup', { hasText: `Switch to ${to} with` });
  const before = await entries.count();
  await page.getByRole('switch', { name: 'Relay only' }).click();
  await page.waitForFunction(
    ({ to, before }) =>
      [...document.querySelectorAll('li.tl-setup')].filter((li) => li.textContent?.includes(`Switch to ${to} with`))
        .length > before,
    { to, before },
    { timeout: 30_000 },
  );
  const words = (await entries.first().locator('span').last().textContent()) ?? '';
  const frame = /: (\d+) ms from the click to first frame/.exec(words);
  const pair = /pair selected (\d+) ms after the click/.exec(words);
  if (!frame) throw new Error(`the switch to ${to} did not reach a first frame: ${words}`);
  // The sentence names the relay pair only for a switch to relay; a switch to direct has its ICE phase.
  const ice = /, ICE (\d+) ms/.exec(words);
  const setting = /saving the setting (\d+) ms/.exec(words);
  const offerAnswer = [...words.matchAll(/(?:offer|answer) (\d+) ms/g)].reduce((a, m) => a + Number(m[1]), 0);
  const pairMs = pair ? Number(pair[1]) : Number(setting?.[1] ?? 0) + offerAnswer + Number(ice?.[1] ?? 0);
  return { frame: Number(frame[1]), pair: pairMs, words };
}

export async function runRelaySwitchBench(switches = Number(process.env.SWITCHES ?? 10)): Promise<RelaySwitchResult> {
  const coturn = await startCoturn();
  const harness = await startHarness();
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const url = `turn:127.0.0.1:${coturn.port}?transport=udp`;
    const pages: Page[] = [];
    for (const [profile, name] of [
      ['host', 'Host'],
      ['guest', 'Guest'],
    ] as const) {
      // Large enough that the self view does not cover the call's controls.
      const context = await browser.newContext({ viewport: { width: 1600, height: 1200 } });
      await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
      const page = await context.newPage();
      await page.goto(harness.pageUrl(profile));
      await configure(page, coturn.secret, url);
      await page.getByLabel('Display name').fill(name);
      await page.getByLabel('Room').fill('relay-bench');
      await page.getByRole('button', { name: 'Join' }).click();
      await page.getByRole('button', { name: 'Hang up' }).waitFor();
      pages.push(page);
    }
    const guest = pages[1]!;
    await guest.locator('figure.tile[data-state="Connected"]').waitFor({ timeout: 30_000 });
    await guest.getByRole('button', { name: 'Diagnostics' }).click();
    const toRelay: SwitchFigures = { frameMs: [], pairMs: [], words: [] };
    const toDirect: SwitchFigures = { frameMs: [], pairMs: [], words: [] };
    for (let i = 0; i < switches; i += 1) {
      for (const [to, figures] of [
        ['relay', toRelay],
        ['direct', toDirect],
      ] as const) {
        const r = await switchOnce(guest, to);
        figures.frameMs.push(r.frame);
        figures.pairMs.push(r.pair);
        figures.words.push(r.words);
      }
    }
    const summary = (f: SwitchFigures) => ({ ...f, pairMedianMs: median(f.pairMs), frameMedianMs: median(f.frameMs) });
    return {
      name: 'relay-switch',
      switches,
      toRelay: summary(toRelay),
      toDirect: summary(toDirect),
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
  return [
    `relay switch (click "Relay only" → the replacement connection), ${r.switches} switches each way, the app's own marks`,
    `  to relay : pair selected median ${f(r.toRelay.pairMedianMs)} (${range(r.toRelay.pairMs)}), first frame median ${f(r.toRelay.frameMedianMs)} (${range(r.toRelay.frameMs)})   target ≤ 1000 / ≤ 1500 ms`,
    `  to direct: pair selected median ${f(r.toDirect.pairMedianMs)} (${range(r.toDirect.pairMs)}), first frame median ${f(r.toDirect.frameMedianMs)} (${range(r.toDirect.frameMs)})`,
  ].join('\n');
}

export const bench = {
  async run() {
    const result = await runRelaySwitchBench();
    return { result, table: relaySwitchTable(result) };
  },
};
