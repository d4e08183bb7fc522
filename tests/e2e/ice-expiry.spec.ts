/**
 * Credentials that expire mid-call: two pages in a relay-only call through a
 * real coturn, with 20 s shared-secret credentials. The main process refreshes
 * at half-life and pushes `ice:updated`; the call applies the fresh servers and
 * restarts ICE. 30 s in (credentials from the start long expired) an ICE
 * restart allocates new relays with fresh credentials and the call stays up.
 */
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import type { IceStatus } from '../../shared/ipc';
import { startCoturn, type Coturn } from '../support/coturn';
import { startHarness, type Harness } from '../harness/web-harness';
import { describeLinks, trackPeerConnections } from './link-dump';

let harness: Harness;
let coturn: Coturn;
const contexts: BrowserContext[] = [];

test.beforeAll(async () => {
  coturn = await startCoturn();
  harness = await startHarness({ port: 0 });
});

test.afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await harness?.close();
  await coturn?.stop();
});

interface Person {
  name: string;
  page: Page;
  logs: { at: number; text: string }[];
}

async function person(browser: Browser, name: string): Promise<Person> {
  const context = await browser.newContext();
  contexts.push(context);
  await trackPeerConnections(context);
  const page = await context.newPage();
  const logs: Person['logs'] = [];
  page.on('console', (message) => logs.push({ at: Date.now(), text: message.text() }));
  await page.goto(harness.pageUrl(`${name}${Math.random().toString(36).slice(2, 7)}`));
  await expect(page.getByRole('button', { name: 'Join' })).toBeEnabled();
  // Through the same window.traverse API the Settings screen uses (its UI is covered in settings.spec.ts).
  await page.evaluate(
    async ({ url, secret, user }) => {
      const api = window.traverse!;
      const { ice } = await api.getSettings();
      await api.setSecret({ name: 'turn-shared-secret', value: secret });
      await api.setSettings({
        relayOnly: true,
        ice: { ...ice, mode: 'shared-secret', ttlSeconds: 20, sharedSecret: { urls: [url], user } },
      });
    },
    { url: `turn:127.0.0.1:${coturn.port}?transport=udp`, secret: coturn.secret, user: name.toLowerCase() },
  );
  return { name, page, logs };
}

const status = (p: Person) => p.page.evaluate<IceStatus>(() => window.traverse!.iceStatus());
const tile = (p: Person, remote: string) =>
  p.page.locator('figure.tile', { has: p.page.locator('.tile-name', { hasText: new RegExp(`^${remote}$`) }) });
const frames = async (p: Person, remote: string) =>
  Number((await tile(p, remote).getAttribute('data-frames-decoded')) ?? '0');

/** Usernames coturn saw in allocations, with the expiry they carry (epoch s). */
function allocatedUsers(user: string): number[] {
  const found = [...coturn.log().matchAll(new RegExp(`user <(\\d+):${user}>`, 'g'))].map((m) => Number(m[1]));
  return [...new Set(found)].sort((a, b) => a - b);
}

test('a relay-only call through coturn survives credential expiry: refreshed before expiry, ICE restart 30 s in with fresh credentials', async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const [ana, ben] = await Promise.all([person(browser, 'Ana'), person(browser, 'Ben')]);
  for (const p of [ana, ben]) {
    await p.page.getByLabel('Display name').fill(p.name);
    await p.page.getByLabel('Room').fill('expiry');
  }
  await ana.page.getByRole('button', { name: 'Join' }).click();
  await expect(ana.page.getByText('Waiting for others to join…')).toBeVisible();
  await ben.page.getByRole('button', { name: 'Join' }).click();
  await expect(tile(ana, 'Ben')).toHaveAttribute('data-state', 'Relayed', { timeout: 30_000 });
  await expect(tile(ben, 'Ana')).toHaveAttribute('data-state', 'Relayed', { timeout: 30_000 });

  const first = await status(ana);
  expect(first).toMatchObject({ mode: 'shared-secret', source: 'shared-secret', ttlSeconds: 20 });
  const start = first.lastFetchAt!;
  const firstExpiry = first.expiresAt!;
  expect(firstExpiry - start).toBeLessThanOrEqual(20_000);
  expect(allocatedUsers('ana')).toContain(firstExpiry / 1000);

  // Refreshes at 10 s, 20 s and 30 s: wait for the one 30 s in.
  await expect
    .poll(async () => (await status(ana)).refreshCount, { timeout: 45_000, intervals: [1_000] })
    .toBeGreaterThanOrEqual(first.refreshCount + 3);
  const thirty = await status(ana);
  expect(thirty.lastFetchAt! - start).toBeGreaterThanOrEqual(29_000);
  // The first credentials have expired by now; the ones in use are fresh.
  expect(thirty.lastFetchAt!).toBeGreaterThan(firstExpiry);
  expect(thirty.expiresAt!).toBeGreaterThan(Date.now());

  // The renderer applied each refresh with an ICE restart (the call is relayed), the first one before expiry.
  const applied = (p: Person) =>
    p.logs
      .filter((l) => l.text.startsWith('[ice] Fresh ICE servers from shared-secret applied to the call'))
      .map((l) => ({
        at: l.at,
        restart: l.text.endsWith('ICE restart: yes, the call is relayed'),
        fetched: Date.parse(/fetched ([^,]+),/.exec(l.text)?.[1] ?? ''),
      }));
  await expect
    .poll(() => applied(ana).filter((a) => a.at >= start + 29_000).length, { timeout: 10_000 })
    .toBeGreaterThanOrEqual(1);
  const anaApplied = applied(ana);
  expect(anaApplied[0]!.fetched).toBeLessThan(firstExpiry);
  expect(anaApplied[0]!.at).toBeLessThan(firstExpiry);
  expect(anaApplied.every((a) => a.restart)).toBe(true);
  expect(applied(ben).length).toBeGreaterThanOrEqual(2);

  // The restart 30 s in allocated relays with credentials minted then (expiry = 30 s + 20 s).
  await expect
    .poll(() => allocatedUsers('ana').at(-1) ?? 0, { timeout: 15_000 })
    .toBeGreaterThanOrEqual(Math.floor((start + 49_000) / 1000));
  expect(allocatedUsers('ana').length).toBeGreaterThanOrEqual(3);
  // No request of Ana's was refused for its credentials (the expiry in the user name may itself contain "401").
  expect(coturn.log()).not.toMatch(/user <\d+:ana>: .*error 401/);

  // ...and the call is still up and relayed, with video flowing both ways.
  for (const [p, remote] of [
    [ana, 'Ben'],
    [ben, 'Ana'],
  ] as const) {
    await expect(tile(p, remote)).toHaveAttribute('data-state', 'Relayed');
    const before = await frames(p, remote);
    try {
      await expect
        .poll(() => frames(p, remote), { message: `${p.name} keeps receiving video` })
        .toBeGreaterThan(before + 10);
    } catch (error) {
      // Seen once in ~16 runs: one direction's video stopped at the first restart. Keep what explains it.
      for (const q of [ana, ben]) {
        await q.page.getByRole('button', { name: 'Diagnostics' }).click();
        const timeline = await q.page.getByRole('region', { name: 'Timeline' }).innerText();
        const body = `${await describeLinks(q.page)}\n\n${timeline}`;
        console.log(`${q.name}, video stalled:\n${body}`); // in CI's log, where the report's attachments are not
        await test.info().attach(`${q.name}: connections and timeline`, { body, contentType: 'text/plain' });
      }
      await test.info().attach('coturn log', { body: coturn.log(), contentType: 'text/plain' });
      throw error;
    }
  }
  await ana.page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(
    ana.page.getByRole('region', { name: 'ICE provider status' }).getByTestId('ice-refresh-count'),
  ).not.toHaveText('0');
  await ana.page.screenshot({ path: 'test-results/screenshots/ice-expiry-status.png' });
});
