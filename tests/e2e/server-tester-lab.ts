/**
 * What the ICE server tester's e2e tests stand on: a real coturn (shared-secret auth, plus a TLS
 * listener with a self-signed certificate), a port nobody listens on, a web harness whose hosted
 * signaling server mints for that coturn, app instances configured through window.traverse with
 * Settings open, and the locators and checks the tests read the tester with.
 */
import { expect, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import type { IceServerConfig } from '../../shared/config';
import { readIceEnv } from '../../server/ice-env';
import { startHarness, type Harness } from '../harness/web-harness';
import { startCoturn, type Coturn } from '../support/coturn';
import { freeTcpUdpPort } from '../support/ports';
import { makeSelfSignedCert } from '../support/tls-cert';

export type Setup =
  | { mode: 'shared-secret'; secret: string; urls: string[]; user: string }
  | { mode: 'manual'; servers: IceServerConfig[] }
  | { mode: 'server' };

export interface TesterLab {
  coturn: Coturn;
  harness: Harness;
  /** A port nothing listens on, for TCP or UDP. */
  dead: number;
  /** A fresh app instance (harness profile) configured through window.traverse, with Settings open. */
  open(browser: Browser, name: string, setup: Setup): Promise<Page>;
  /** coturn's log lines for allocations by TURN REST user `user` (the part after the expiry). */
  allocationsBy(user: string): string[];
  /** Closes the app instances opened since the last call. */
  closePages(): Promise<void>;
  stop(): Promise<void>;
}

/** Sets up an app instance's ICE settings through window.traverse, as Settings would save them. */
export async function configure(page: Page, setup: Setup): Promise<void> {
  await page.evaluate(async (s) => {
    const api = window.traverse!;
    const { ice } = await api.getSettings();
    if (s.mode === 'shared-secret') {
      await api.setSecret({ name: 'turn-shared-secret', value: s.secret });
      await api.setSettings({
        ice: { ...ice, mode: 'shared-secret', ttlSeconds: 600, sharedSecret: { urls: s.urls, user: s.user } },
      });
    } else if (s.mode === 'manual') {
      await api.setSettings({ ice: { ...ice, mode: 'manual', servers: s.servers } });
    } else {
      await api.setSettings({ ice: { ...ice, mode: 'server', server: { url: '' } } });
    }
  }, setup);
}

export async function startTesterLab(): Promise<TesterLab> {
  const cert = await makeSelfSignedCert();
  const [coturn, dead] = await Promise.all([
    startCoturn({ tls: { cert: cert.cert, key: cert.key } }),
    freeTcpUdpPort(),
  ]);
  // Server mode's source: the hosted signaling server mints for this coturn, as `npm run server` would.
  const turn = `turn:127.0.0.1:${coturn.port}`;
  const harness = await startHarness({
    port: 0,
    serverIce: readIceEnv({
      ICE_MODE: 'shared-secret',
      TURN_URLS: `${turn}?transport=udp,${turn}?transport=tcp`,
      TURN_SECRET: coturn.secret,
      STUN_URLS: `stun:127.0.0.1:${coturn.port}`,
      ICE_TTL: '900',
    }),
  }).catch(async (error: unknown) => {
    // Nothing the lab started outlives a failed start.
    await coturn.stop();
    await cert.remove();
    throw error;
  });
  const contexts: BrowserContext[] = [];
  return {
    coturn,
    harness,
    dead,
    async open(browser, name, setup) {
      const context = await browser.newContext();
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(harness.pageUrl(`${name}${Math.random().toString(36).slice(2, 7)}`));
      await expect(page.getByRole('button', { name: 'Join' })).toBeVisible();
      await configure(page, setup);
      await page.getByRole('button', { name: 'Settings', exact: true }).click();
      await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible();
      return page;
    },
    allocationsBy: (user) => coturn.log().match(new RegExp(`new, realm=<[^>]*>, username=<\\d+:${user}>`, 'g')) ?? [],
    async closePages() {
      await Promise.all(contexts.splice(0).map((c) => c.close()));
    },
    async stop() {
      await harness.close();
      await coturn.stop();
      await cert.remove();
    },
  };
}

export const tester = (page: Page) => page.getByRole('region', { name: 'Server test' });
export const row = (page: Page, url: string) =>
  tester(page).locator(`[data-testid="server-test-row"][data-url="${url}"]`);
export const verdict = (page: Page) => tester(page).getByTestId('server-test-verdict');

/** Presses "Test servers" and waits for the run to finish; returns how long it took. */
export async function runTester(page: Page, timeoutMs = 15_000): Promise<number> {
  const started = Date.now();
  await tester(page).getByRole('button', { name: 'Test servers' }).click();
  await expect(verdict(page)).toHaveAttribute('data-state', 'done', { timeout: timeoutMs });
  return Date.now() - started;
}

/** Which colour family a border is: the one channel clearly above the others. */
export async function borderTone(l: Locator): Promise<'red' | 'green' | 'amber' | 'grey'> {
  const color = await l.evaluate((el) => getComputedStyle(el).borderTopColor);
  const [r = 0, g = 0, b = 0] = (color.match(/\d+/g) ?? []).map(Number);
  if (r > g * 1.4 && r > b * 1.4) return g > b * 1.6 ? 'amber' : 'red';
  if (g > r * 1.2 && g > b * 1.2) return 'green';
  return 'grey';
}

/** A TURN row that passed: its relay, and the path through it measured end to end (which takes seconds). */
export async function expectRelayOk(r: Locator): Promise<void> {
  await expect(r).toHaveAttribute('data-result', 'ok');
  await expect(r.getByTestId('relay-path')).toHaveText(
    /^Through the relay and back to this computer: round trip \d+ ms, jitter \d+ ms, [\d.]+ % of 400 pings lost, [\d.]+ [kM]bit\/s$/,
    { timeout: 30_000 },
  );
  await expect(r.getByRole('cell').first()).toHaveText('ok');
  await expect(r.getByTestId('address')).toHaveText(/^127\.0\.0\.1:\d+ \(relay\)$/);
  await expect(r.getByTestId('first-candidate')).toHaveText(/^\d+ ms$/);
}
