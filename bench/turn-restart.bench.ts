/**
 * TURN restart → media back: a relay-only call of two people through a real coturn on
 * loopback; coturn is killed (SIGKILL, a crash: no goodbye to anyone) and started again at
 * once on the same ports with the same secret. Media back is when each page shows frames of
 * the other again (requestVideoFrameCallback, bench/frame-watch.ts: the first frame after the
 * outage, with more following), from the kill. RESTARTS restarts (5 by default), median.
 * Where the time goes comes from the app's own record, exported from each page's Diagnostics
 * panel afterwards: when the link noticed (its recovery's start and cause), when it began its
 * first recovery attempt (fresh credentials, ICE restart), when ICE connected again.
 */
import { chromium, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/chromium';
import { startHarness } from '../tests/harness/web-harness';
import { startCoturn, type Coturn } from '../tests/support/coturn';
import { frameAfterGap, nextFrame, watchFrames } from './frame-watch';
import { median } from './median';
import { exportedPeer, turnCall, type ReportedPeer } from './turn-call';

/** One side's recovery from one restart, in ms from the kill (null: not seen). */
export interface SideRestart {
  /** Its recovery began (the app noticed), and why. */
  noticedMs: number | null;
  cause: string | null;
  /** Its first "recovery attempt" (fresh credentials, then ICE restart); null when the other side's restart brought it back. */
  attemptMs: number | null;
  /** ICE selected a new pair (the restart's). */
  iceMs: number | null;
  /** The app's stats poll saw bytes arriving again. */
  dataMs: number | null;
  /** The first frame of the other person shown again. */
  mediaBackMs: number;
}

export interface Restart {
  /** When coturn was killed (epoch ms), to line this up with the exported reports' timelines. */
  killedAt: number;
  /** coturn answering STUN over UDP and TCP again, from the kill. */
  coturnReadyMs: number;
  host: SideRestart;
  guest: SideRestart;
  /** Both pages showing the other again: the later of the two. */
  mediaBackMs: number;
}

export interface TurnRestartResult {
  name: 'turn-restart';
  restarts: Restart[];
  mediaBackMedianMs: number;
  /** Medians of each side's phases, from the kill (ms). */
  phaseMediansMs: { coturnReady: number; noticed: number; attempt: number; ice: number; data: number; video: number };
  target: string;
}

/** Video stopped for at least this long counts as the outage (fake capture runs at 30 fps). */
const GAP_MS = 500;
/** Where each page's exported report is kept, for a second look at what the table sums up. */
const reportPath = (who: string) => fileURLToPath(new URL(`results/turn-restart-${who}.report.json`, import.meta.url));
const BACK_TIMEOUT_MS = 60_000;

/** Kills coturn and starts it again on the same ports with the same secret; the new server. */
async function restartCoturn(old: Coturn): Promise<Coturn> {
  await old.stop('SIGKILL');
  return startCoturn({ port: old.port, minPort: old.minPort, secret: old.secret, realm: old.realm });
}

/** The app's record of one recovery: its timeline between `from` and `to` (epoch ms), from the kill. */
function sidePhases(peer: ReportedPeer, from: number, to: number, mediaBack: number): SideRestart {
  const within = peer.timeline.filter((e) => e.at >= from && e.at < to);
  const recovery = peer.summary.recoveries.find((r) => r.startedAt >= from && r.startedAt < to);
  const attempt = within.find((e) => e.kind === 'restart' && e.value.startsWith('recovery attempt'));
  const afterNotice = recovery?.startedAt ?? from;
  // Chromium keeps ICE "connected" through the outage; the ICE restart shows as the link's new selected pair.
  const pair = within.find((e) => e.kind === 'pair' && !e.value.startsWith('selected pair') && e.at >= afterNotice);
  const flowing = within.find((e) => e.kind === 'connection' && e.value === 'data arriving again');
  const since = (at: number | undefined) => (at === undefined ? null : at - from);
  return {
    noticedMs: since(recovery?.startedAt),
    cause: recovery?.cause ?? null,
    attemptMs: since(attempt?.at),
    iceMs: since(pair?.at),
    dataMs: since(flowing?.at),
    mediaBackMs: mediaBack - from,
  };
}

/** Waits until both pages show each other's video flowing and their tiles say Relayed. */
async function settled(pages: Page[]): Promise<void> {
  for (const page of pages) {
    await page.locator('figure.tile[data-state="Relayed"]').waitFor({ timeout: BACK_TIMEOUT_MS });
    await nextFrame(page);
  }
}

export async function runTurnRestartBench(restarts = Number(process.env.RESTARTS ?? 5)): Promise<TurnRestartResult> {
  let coturn = await startCoturn();
  const harness = await startHarness();
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const { host, guest } = await turnCall(browser, harness, coturn, {
      room: 'turn-restart-bench',
      relayOnly: true,
      state: 'Relayed',
    });
    for (const page of [host, guest]) await watchFrames(page);
    await settled([host, guest]);
    const runs: { killedAt: number; readyAt: number; back: [number, number] }[] = [];
    for (let i = 0; i < restarts; i += 1) {
      const killedAt = Date.now();
      coturn = await restartCoturn(coturn);
      const readyAt = Date.now();
      const options = { gapMs: GAP_MS, more: 5, timeoutMs: BACK_TIMEOUT_MS };
      const back = await Promise.all([frameAfterGap(host, killedAt, options), frameAfterGap(guest, killedAt, options)]);
      runs.push({ killedAt, readyAt, back });
      await settled([host, guest]);
    }
    for (const page of [host, guest]) await page.getByRole('button', { name: 'Diagnostics' }).click();
    const [hostPeer, guestPeer] = [
      await exportedPeer(host, reportPath('host')),
      await exportedPeer(guest, reportPath('guest')),
    ];
    const results: Restart[] = runs.map((run, i) => {
      const until = runs[i + 1]?.killedAt ?? Infinity;
      return {
        killedAt: run.killedAt,
        coturnReadyMs: run.readyAt - run.killedAt,
        host: sidePhases(hostPeer, run.killedAt, until, run.back[0]),
        guest: sidePhases(guestPeer, run.killedAt, until, run.back[1]),
        mediaBackMs: Math.max(...run.back) - run.killedAt,
      };
    });
    const sides = results.flatMap((r) => [r.host, r.guest]);
    const med = (values: (number | null)[]) => median(values.filter((v): v is number => v !== null));
    return {
      name: 'turn-restart',
      restarts: results,
      mediaBackMedianMs: median(results.map((r) => r.mediaBackMs)),
      phaseMediansMs: {
        coturnReady: median(results.map((r) => r.coturnReadyMs)),
        noticed: med(sides.map((s) => s.noticedMs)),
        attempt: med(sides.map((s) => s.attemptMs)),
        ice: med(sides.map((s) => s.iceMs)),
        data: med(sides.map((s) => s.dataMs)),
        video: med(sides.map((s) => s.mediaBackMs)),
      },
      target: 'median kill → video shown again on both sides ≤ 4000 ms',
    };
  } finally {
    await browser.close();
    await harness.close();
    await coturn.stop();
  }
}

export function turnRestartTable(r: TurnRestartResult): string {
  const f = (n: number | null) => (n === null ? '–' : `${Math.round(n)}`);
  const side = (s: SideRestart) =>
    `${f(s.noticedMs)} (${s.cause ?? '–'}) / ${f(s.attemptMs)} / ${f(s.iceMs)} / ${f(s.dataMs)} / ${f(s.mediaBackMs)}`;
  const m = r.phaseMediansMs;
  return [
    `TURN restart (coturn killed and started again on the same ports) → video back on both sides, ${r.restarts.length} restarts`,
    `  median ${f(r.mediaBackMedianMs)} ms from the kill   target ≤ 4000 ms`,
    `  phase medians from the kill (both sides): coturn ready ${f(m.coturnReady)}, noticed ${f(m.noticed)}, first recovery attempt ${f(m.attempt)}, new pair ${f(m.ice)}, data again ${f(m.data)}, video shown ${f(m.video)} ms`,
    '  #  coturn ready  host: noticed (cause) / own attempt / new pair / data again / video shown  |  guest: the same  |  both back (ms from the kill)',
    ...r.restarts.map(
      (x, i) =>
        `  ${i + 1}  ${f(x.coturnReadyMs)}  host ${side(x.host)}  |  guest ${side(x.guest)}  |  ${f(x.mediaBackMs)}`,
    ),
  ].join('\n');
}

export const bench = {
  async run() {
    const result = await runTurnRestartBench();
    return { result, table: turnRestartTable(result) };
  },
};
