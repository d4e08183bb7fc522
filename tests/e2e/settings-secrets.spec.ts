/**
 * No secret reaches the renderer. Every kind of secret is set through the
 * Settings screen (Cloudflare API token, TURN shared secret, a static TURN
 * password) and the server holds its own; then every IPC channel and every
 * screen is exercised. The Cloudflare token and the TURN shared secret appear
 * in no IPC response, pushed event, the DOM, local/sessionStorage or console
 * output. A static TURN password must be handed to RTCPeerConnection to be
 * used at all, so it may appear in ICE configuration (ice:get, ice:refresh,
 * ice:updated) and nowhere else. The settings and vault files on disk hold
 * none of them in plaintext.
 */
import { expect, test, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readIceEnv } from '../../server/ice-env';
import { startCloudflareFake, type CloudflareFake } from '../support/cloudflare-fake';
import { startCoturn, type Coturn } from '../support/coturn';
import { startHarness, type Harness } from '../harness/web-harness';

let harness: Harness;
let fake: CloudflareFake;
let coturn: Coturn;
const MANUAL_PASSWORD = `static-pw-${randomBytes(12).toString('hex')}`;

test.beforeAll(async () => {
  [fake, coturn] = await Promise.all([
    startCloudflareFake(),
    startCoturn({ secret: `coturn-secret-${randomBytes(12).toString('hex')}` }),
  ]);
  harness = await startHarness({
    port: 0,
    cloudflareApiBase: fake.url,
    serverIce: readIceEnv({
      ICE_MODE: 'shared-secret',
      STUN_URLS: `stun:127.0.0.1:${coturn.port}`,
      TURN_URLS: `turn:127.0.0.1:${coturn.port}?transport=udp`,
      TURN_SECRET: coturn.secret,
    }),
  });
});

test.afterAll(async () => {
  await harness?.close();
  await Promise.all([fake?.close(), coturn?.stop()]);
});

async function allFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? allFiles(join(dir, e.name)) : Promise.resolve([join(dir, e.name)]))),
  );
  return nested.flat();
}

const dialog = (page: Page) => page.getByRole('dialog', { name: 'Settings' });
const card = (page: Page) => page.getByRole('region', { name: 'ICE provider status' });

async function save(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await card(page).getByRole('button', { name: 'Fetch now' }).click();
}

test('secrets go in and never come back out: IPC, pushes, DOM, storage, console, files', async ({ page }) => {
  test.setTimeout(120_000);
  const secrets = [fake.token, coturn.secret, MANUAL_PASSWORD];
  expect(new Set(secrets).size).toBe(3);
  const seen: { where: string; text: string }[] = [];
  page.on('console', (m) => seen.push({ where: `console.${m.type()}`, text: m.text() }));
  page.on('pageerror', (e) => seen.push({ where: 'pageerror', text: String(e) }));
  page.on('response', (r) => {
    if (r.url().includes('/__harness/ipc/'))
      void r.text().then(
        (text) => seen.push({ where: `IPC ${r.url().split('/').pop() ?? ''}`, text }),
        () => undefined,
      );
  });

  const profile = `secrets${randomBytes(3).toString('hex')}`;
  await page.goto(harness.pageUrl(profile));
  await expect(page.getByRole('button', { name: 'Join' })).toBeEnabled();
  // Pushes, as the renderer receives them.
  await page.evaluate(() => {
    const sink: string[] = [];
    Object.defineProperty(window, '__pushes', { value: sink });
    window.traverse!.onIceUpdated((config) => sink.push(JSON.stringify(config)));
  });

  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(dialog(page)).toBeVisible();

  // Cloudflare: key id and API token.
  await page.getByRole('radio', { name: /^Cloudflare/ }).check();
  await page.getByLabel('Turn Token ID').fill(fake.keyId);
  await page.getByLabel('Cloudflare API token', { exact: true }).fill(fake.token);
  await page.getByRole('button', { name: 'Set Cloudflare API token' }).click();
  await expect(page.getByTestId('secret-state-cloudflare-api-token')).toHaveText(/Stored/);
  await save(page);
  await expect(card(page).getByTestId('ice-source')).toHaveText('Cloudflare Realtime TURN');
  // Replace it (same value) and clear and set it again: every secret path.
  await page.getByLabel('Cloudflare API token', { exact: true }).fill(fake.token);
  await page.getByRole('button', { name: 'Replace Cloudflare API token' }).click();
  await page.getByRole('button', { name: 'Clear Cloudflare API token' }).click();
  await expect(page.getByTestId('secret-state-cloudflare-api-token')).toHaveText(/Not set/);
  await page.getByLabel('Cloudflare API token', { exact: true }).fill(fake.token);
  await page.getByRole('button', { name: 'Set Cloudflare API token' }).click();
  await expect(page.getByTestId('secret-state-cloudflare-api-token')).toHaveText(/Stored/);

  // Shared secret, then a TURN check that uses it.
  await page.getByRole('radio', { name: /^Shared secret/ }).check();
  await page.getByLabel('TURN URLs').fill(`turn:127.0.0.1:${coturn.port}?transport=udp`);
  await page.getByLabel('TURN shared secret', { exact: true }).fill(coturn.secret);
  await page.getByRole('button', { name: 'Set TURN shared secret' }).click();
  await expect(page.getByTestId('secret-state-turn-shared-secret')).toHaveText(/Stored/);
  await save(page);
  await card(page).getByRole('button', { name: 'Check TURN' }).click();
  await expect(card(page).getByRole('status')).toContainText('TURN works');

  // Manual: a static TURN password.
  await page.getByRole('radio', { name: /^Manual/ }).check();
  await page.getByRole('button', { name: 'Add server' }).click();
  await page.getByLabel('Server 1 URLs').fill(`turn:127.0.0.1:${coturn.port}?transport=udp`);
  await page.getByLabel('Server 1 username').fill('ana');
  await page.getByLabel('Server 1 password').fill(MANUAL_PASSWORD);
  await save(page);
  await expect(page.getByLabel('Server 1 password')).toHaveValue('');
  await expect(page.getByLabel('Server 1 password')).toHaveAttribute('placeholder', 'Stored: type to replace');

  // Server mode, where the server holds its own secret.
  await page.getByRole('radio', { name: /^Server/ }).check();
  await save(page);
  await expect(card(page).getByTestId('ice-source')).toHaveText('Signaling server (GET /ice)');
  await page.getByRole('button', { name: 'Close' }).click();

  // The lobby, then a call, then back.
  await page.getByLabel('Display name').fill('Ana');
  await page.getByLabel('Room').fill('secrets');
  await page.getByRole('button', { name: 'Join' }).click();
  await expect(page.getByText('Waiting for others to join…')).toBeVisible();
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(card(page)).toBeVisible();
  seen.push({ where: 'DOM (call + settings)', text: await page.content() });
  await page.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('button', { name: 'Hang up' }).click();
  await expect(page.getByRole('button', { name: 'Join' })).toBeVisible();

  // Every IPC channel through window.traverse, including refused requests.
  const results = await page.evaluate(async (token) => {
    const api = window.traverse!;
    const out: unknown[] = [];
    const attempt = async (call: () => Promise<unknown>) => {
      try {
        out.push(await call());
      } catch (error) {
        out.push(String(error));
      }
    };
    await attempt(() => api.appInfo());
    await attempt(() => api.getSettings());
    await attempt(async () => api.setSettings({ displayName: 'Ana' }));
    await attempt(() => api.getIce());
    await attempt(() => api.refreshIce());
    await attempt(() => api.iceStatus());
    await attempt(() => api.setIceInvite({ token: null }));
    await attempt(() => api.secretsStatus());
    await attempt(() => api.setSecret({ name: 'turn-shared-secret', value: token }));
    await attempt(() => api.clearSecret({ name: 'turn-shared-secret' }));
    await attempt(() => api.setSecret({ name: 'ssh-private-key', value: token }));
    await attempt(() => api.setSecret({ name: 'cloudflare-api-token', value: token.repeat(200) }));
    return out.map((o) => JSON.stringify(o));
  }, fake.token);
  expect(results).toHaveLength(12);
  for (const text of results) seen.push({ where: 'window.traverse result', text });

  const pushes = await page.evaluate(() => (window as unknown as { __pushes: string[] }).__pushes);
  expect(pushes.length).toBeGreaterThan(3);
  for (const text of pushes) seen.push({ where: 'ice:updated push', text });

  seen.push({ where: 'DOM (lobby)', text: await page.content() });
  seen.push({
    where: 'input values',
    text: (await page.locator('input').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).join('\n'),
  });
  seen.push({
    where: 'localStorage/sessionStorage',
    text: await page.evaluate(() =>
      JSON.stringify([localStorage, sessionStorage].map((store) => Object.entries(store))),
    ),
  });

  // The checks themselves: the IPC traffic was really captured, and no secret is anywhere.
  await expect.poll(() => seen.filter((s) => s.where.startsWith('IPC ')).length).toBeGreaterThan(30);
  expect(seen.some((s) => s.where === 'IPC secrets%3Aset' || s.where === 'IPC secrets:set')).toBe(true);
  // The long-lived secrets that mint credentials (Cloudflare API token, TURN shared secret) appear nowhere.
  for (const secret of [fake.token, coturn.secret]) {
    const leaks = seen.filter((s) => s.text.includes(secret)).map((s) => s.where);
    expect(leaks, `secret ${secret.slice(0, 6)}… leaked`).toEqual([]);
  }
  // A static TURN password is different: RTCPeerConnection in the renderer must be given it to use that
  // server at all. It may travel only as ICE configuration for the call, never anywhere else.
  const iceConfig = /^(IPC ice%3A(get|refresh)|ice:updated push)$/;
  const manualLeaks = seen
    .filter((s) => s.text.includes(MANUAL_PASSWORD) && !iceConfig.test(s.where))
    .map((s) => s.where);
  expect(manualLeaks, 'the static TURN password outside ICE configuration').toEqual([]);

  // On disk: settings and vault files exist and hold ciphertext only.
  const files = await allFiles(join(harness.dataDir, profile));
  expect(files.map((f) => f.split('/').pop()).sort()).toEqual(['secrets.json', 'settings.json']);
  const vault = JSON.parse(await readFile(join(harness.dataDir, profile, 'secrets.json'), 'utf8')) as {
    entries: Record<string, string>;
  };
  expect(Object.keys(vault.entries).sort()).toEqual(['cloudflare-api-token', 'manual-turn:0']);
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    for (const secret of secrets) expect(text.includes(secret), `${file} holds a secret in plaintext`).toBe(false);
  }
});
