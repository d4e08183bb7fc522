/**
 * A two-person call in the web harness whose ICE comes from a real coturn (shared-secret
 * credentials minted by the app), for the relay benchmarks; and the app's own record of it,
 * read from the support report the Diagnostics panel exports (its setup marks as phases, its
 * recoveries and its timeline), so a benchmark reads the figures a person can read too.
 */
import type { Browser, Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Harness } from '../tests/harness/web-harness';
import type { Coturn } from '../tests/support/coturn';
import { useSharedSecretTurn } from '../tests/e2e/turn-settings';

const phaseSchema = z.object({
  name: z.string(),
  status: z.string(),
  ms: z.number().nullable(),
});
export const setupSchema = z.object({
  session: z.number(),
  kind: z.string(),
  policy: z.string(),
  phases: z.array(phaseSchema),
  totalMs: z.number().nullable(),
  pairMs: z.number().nullable(),
});
export type ReportedSetup = z.infer<typeof setupSchema>;
const recoverySchema = z.object({
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  cause: z.string(),
  detail: z.string(),
  gapMs: z.number().nullable(),
  outcome: z.string(),
});
export type ReportedRecovery = z.infer<typeof recoverySchema>;
const reportSchema = z.object({
  peers: z.array(
    z.object({
      name: z.string(),
      summary: z.object({ setups: z.array(setupSchema), recoveries: z.array(recoverySchema) }),
      timeline: z.array(z.object({ at: z.number(), kind: z.string(), value: z.string() })),
    }),
  ),
});
export type ReportedPeer = z.infer<typeof reportSchema>['peers'][number];

/** Both people use the coturn at `url` with shared-secret credentials; `relayOnly` is the saved setting. */
async function configure(page: Page, coturn: Coturn, relayOnly: boolean): Promise<void> {
  await useSharedSecretTurn(page, coturn, relayOnly, 'bench');
  await page.reload();
}

/** Host joins `room`, then Guest; resolves once Guest's tile of Host is in `state` ("Connected", "Relayed"). */
export async function turnCall(
  browser: Browser,
  harness: Harness,
  coturn: Coturn,
  options: { room: string; relayOnly: boolean; state: string },
): Promise<{ host: Page; guest: Page }> {
  const pages: Page[] = [];
  for (const [profile, name] of [
    ['host', 'Host'],
    ['guest', 'Guest'],
  ] as const) {
    // Large enough that the self view and the Diagnostics panel do not cover the call's controls.
    const context = await browser.newContext({ viewport: { width: 1600, height: 1200 }, acceptDownloads: true });
    await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    const page = await context.newPage();
    await page.goto(harness.pageUrl(profile));
    await configure(page, coturn, options.relayOnly);
    await page.getByLabel('Display name').fill(name);
    await page.getByLabel('Room').fill(options.room);
    await page.getByRole('button', { name: 'Join' }).click();
    await page.getByRole('button', { name: 'Hang up' }).waitFor();
    pages.push(page);
  }
  const [host, guest] = pages as [Page, Page];
  for (const page of pages)
    await page.locator(`figure.tile[data-state="${options.state}"]`).waitFor({ timeout: 60_000 });
  return { host, guest };
}

/**
 * The report "Export report" saves (the Diagnostics panel must be open), for the one other person
 * in the call; kept at `saveAs` too when given (bench/results/, beside the result).
 */
export async function exportedPeer(page: Page, saveAs?: string): Promise<ReportedPeer> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export report' }).click(),
  ]);
  const path = await download.path();
  if (saveAs) await download.saveAs(saveAs);
  const report = reportSchema.parse(JSON.parse(await readFile(path, 'utf8')));
  const peer = report.peers[0];
  if (!peer) throw new Error('the exported report lists nobody else in the call');
  return peer;
}

/** "offer 113 ms, answer 459 ms, …": a setup's measured phases, as the timeline says them. */
export function phaseText(s: ReportedSetup): string {
  return s.phases
    .filter((p) => p.status === 'measured' && p.ms !== null)
    .map((p) => `${p.name} ${Math.round(p.ms!)}`)
    .join(', ');
}
