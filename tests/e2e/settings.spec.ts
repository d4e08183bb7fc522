/**
 * The Settings screen in real Chromium through the web harness: a form per
 * mode, write-only secrets, the status card (source, last fetch, live
 * countdown, last error with its fix), the TTL warning, the "server mode is
 * safer" note, the STUN fallback with Cloudflare's error visible, and "TURN
 * authentication failed" for a wrong secret. Screenshots of every mode.
 */
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { readIceEnv } from '../../server/ice-env';
import { startCloudflareFake, type CloudflareFake } from '../support/cloudflare-fake';
import { startCoturn, type Coturn } from '../support/coturn';
import { startHarness, type Harness } from '../harness/web-harness';

test.describe.configure({ mode: 'serial' });

let harness: Harness;
let fake: CloudflareFake;
let coturn: Coturn;

test.beforeAll(async () => {
  [fake, coturn] = await Promise.all([startCloudflareFake(), startCoturn()]);
  harness = await startHarness({
    port: 0,
    cloudflareApiBase: fake.url,
    // The hosted signaling server is what server mode asks.
    serverIce: readIceEnv({
      ICE_MODE: 'shared-secret',
      STUN_URLS: `stun:127.0.0.1:${coturn.port}`,
      TURN_URLS: `turn:127.0.0.1:${coturn.port}?transport=udp`,
      TURN_SECRET: coturn.secret,
      ICE_TTL: '900',
    }),
  });
});

test.afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await harness?.close();
  await Promise.all([fake?.close(), coturn?.stop()]);
});

const contexts: BrowserContext[] = [];

async function openSettings(browser: Browser, profile: string): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(harness.pageUrl(`${profile}${Math.random().toString(36).slice(2, 7)}`));
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible();
  return page;
}

const card = (page: Page) => page.getByRole('region', { name: 'ICE provider status' });

/** The whole dialog, top to bottom: the viewport grows to fit it, so nothing is scrolled away. */
async function shoot(page: Page, name: string): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  const height = await dialog.evaluate((el) => el.scrollHeight);
  await page.setViewportSize({ width: 1200, height: Math.ceil(height) + 60 });
  await page.locator('.settings-overlay').evaluate((el) => el.scrollTo(0, 0));
  await page.screenshot({ path: `test-results/screenshots/${name}.png` });
  await page.setViewportSize({ width: 1200, height: 760 });
}

async function chooseMode(page: Page, label: string): Promise<void> {
  await page.getByRole('radio', { name: new RegExp(`^${label}`) }).check();
}

async function saveAndFetch(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await card(page).getByRole('button', { name: 'Fetch now' }).click();
}

test('manual mode: a STUN server, no expiry; a TURN entry without a password is refused', async ({ browser }) => {
  const page = await openSettings(browser, 'manual');
  // Test profiles start with no servers (nothing off this machine); add coturn as a STUN server.
  await expect(page.getByLabel('Server 1 URLs')).toHaveCount(0);
  await page.getByRole('button', { name: 'Add server' }).click();
  await page.getByLabel('Server 1 URLs').fill(`stun:127.0.0.1:${coturn.port}`);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await card(page).getByRole('button', { name: 'Fetch now' }).click();
  await expect(card(page).getByTestId('ice-source')).toHaveText('Manual list');
  await expect(card(page).getByTestId('ice-expires-in')).toHaveText('Does not expire');
  await expect(card(page)).toContainText(`stun:127.0.0.1:${coturn.port}`);
  await expect(page.getByRole('note', { name: 'Server mode is safer' })).toHaveCount(0);

  // A TURN entry with a username but no password is refused with the reason.
  await page.getByRole('button', { name: 'Add server' }).click();
  await page.getByLabel('Server 2 URLs').fill(`turn:127.0.0.1:${coturn.port}`);
  await page.getByLabel('Server 2 username').fill('ana');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(
    page.getByRole('alert').filter({ hasText: 'has no password: TURN servers refuse clients without credentials' }),
  ).toBeVisible();
  await shoot(page, 'settings-manual');
});

test('cloudflare mode: write-only token, TTL warning, safer note, live countdown; errors fall back to STUN with the fix', async ({
  browser,
}) => {
  fake.behave('array');
  const page = await openSettings(browser, 'cloudflare');
  await chooseMode(page, 'Cloudflare');
  await expect(page.getByRole('note', { name: 'Server mode is safer' })).toContainText(
    'a long-lived secret is kept on this computer',
  );
  await page.getByLabel('Turn Token ID').fill(fake.keyId);
  await page.getByLabel('Cloudflare API token', { exact: true }).fill(fake.token);
  await page.getByRole('button', { name: 'Set Cloudflare API token' }).click();
  await expect(page.getByTestId('secret-state-cloudflare-api-token')).toHaveText(/Stored, encrypted on this computer/);
  await expect(page.getByLabel('Cloudflare API token', { exact: true })).toHaveValue('');
  await expect(page.getByRole('button', { name: 'Replace Cloudflare API token' })).toBeVisible();

  await page.getByLabel('Credential lifetime (TTL, seconds)').fill('86400');
  await expect(page.getByRole('alert').filter({ hasText: 'if they leak, anyone can relay' })).toBeVisible();
  await page.getByLabel('Credential lifetime (TTL, seconds)').fill('3600');
  await expect(page.getByRole('alert').filter({ hasText: 'if they leak' })).toHaveCount(0);

  await saveAndFetch(page);
  await expect(card(page).getByTestId('ice-source')).toHaveText('Cloudflare Realtime TURN');
  const expires = card(page).getByTestId('ice-expires-in');
  await expect(expires).toHaveText(/^(59 min|1 h 00 min)/);
  const first = await expires.textContent();
  await expect.poll(() => expires.textContent(), { message: 'the countdown ticks' }).not.toBe(first);
  expect(fake.requests.at(-1)?.body).toBe('{"ttl":3600}');
  await expect(card(page)).toContainText('turns:turn.cloudflare.com:443?transport=tcp');
  await expect(card(page)).not.toContainText(/\.com:53(?!\d)/);
  await shoot(page, 'settings-cloudflare');

  fake.behave({ status: 401 });
  await card(page).getByRole('button', { name: 'Fetch now' }).click();
  const problem = card(page).getByRole('alert');
  // Credentials that still work are kept while the error shows...
  await expect(problem).toContainText('Cloudflare API error 401');
  await expect(card(page).getByTestId('ice-source')).toHaveText('Cloudflare Realtime TURN');
  // ...but new settings drop them, and then only STUN is left.
  await page.getByLabel('Credential lifetime (TTL, seconds)').fill('1800');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(card(page).getByTestId('ice-source')).toHaveText('STUN only (fallback after an error)');
  await expect(problem).toContainText('Cloudflare API error 401');
  await expect(problem).toContainText('Likely cause: the API token is wrong or revoked');
  await expect(problem).toContainText('Fix: Create a new TURN key');
  await shoot(page, 'settings-cloudflare-error');

  // Joining now uses the STUN fallback and says why.
  await page.getByRole('button', { name: 'Close' }).click();
  await page.getByLabel('Display name').fill('Ana');
  await page.getByLabel('Room').fill('fallback');
  await page.getByRole('button', { name: 'Join' }).click();
  await expect(page.locator('.notice')).toContainText('Cloudflare API error 401');
  await expect(page.getByText('Waiting for others to join…')).toBeVisible();
});

test('shared-secret mode: credentials coturn accepts ("Check TURN"), a wrong secret says "TURN authentication failed"', async ({
  browser,
}) => {
  const page = await openSettings(browser, 'shared');
  await chooseMode(page, 'Shared secret');
  await expect(page.getByRole('note', { name: 'Server mode is safer' })).toBeVisible();
  await page.getByLabel('TURN URLs').fill(`turn:127.0.0.1:${coturn.port}?transport=udp`);
  await page.getByLabel('TURN shared secret', { exact: true }).fill('not-the-secret');
  await page.getByRole('button', { name: 'Set TURN shared secret' }).click();
  await expect(page.getByTestId('secret-state-turn-shared-secret')).toHaveText(/Stored/);
  await page.getByLabel('Credential lifetime (TTL, seconds)').fill('600');
  await saveAndFetch(page);
  await expect(card(page).getByTestId('ice-source')).toHaveText('TURN shared secret (minted here)');

  await card(page).getByRole('button', { name: 'Check TURN' }).click();
  const failed = card(page).getByRole('alert');
  await expect(failed).toContainText('TURN authentication failed');
  await expect(failed).toContainText('Fix: Copy the exact static-auth-secret');

  await page.getByLabel('TURN shared secret', { exact: true }).fill(coturn.secret);
  await page.getByRole('button', { name: 'Replace TURN shared secret' }).click();
  await card(page).getByRole('button', { name: 'Fetch now' }).click();
  await card(page).getByRole('button', { name: 'Check TURN' }).click();
  await expect(card(page).getByRole('status')).toContainText(/TURN works: \d+ relay candidate/);
  await shoot(page, 'settings-shared-secret');
});

test('server mode: no secret here, the signaling server mints', async ({ browser }) => {
  const page = await openSettings(browser, 'server');
  await chooseMode(page, 'Server');
  await expect(page.getByRole('note', { name: 'Server mode is safer' })).toHaveCount(0);
  await expect(page.getByLabel('Credential lifetime (TTL, seconds)')).toHaveCount(0);
  await saveAndFetch(page);
  await expect(card(page).getByTestId('ice-source')).toHaveText('Signaling server (GET /ice)');
  await expect(card(page).getByTestId('ice-expires-in')).toHaveText(/^1[45] min/);
  await card(page).getByRole('button', { name: 'Check TURN' }).click();
  await expect(card(page).getByRole('status')).toContainText('TURN works');
  await shoot(page, 'settings-server');
});

test('calls turned off: the lobby explains and Join stays disabled', async ({ browser }) => {
  const page = await openSettings(browser, 'off');
  await page.getByLabel('Calls enabled').uncheck();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByText('Calling is turned off in Settings')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Join' })).toBeDisabled();
});

test('Linux without a keyring (basic_text): secrets refused with the reason until weaker storage is accepted', async ({
  browser,
}) => {
  const weak = await startHarness({ port: 0, secretBackend: 'basic_text' });
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(weak.pageUrl(`weak${Math.random().toString(36).slice(2, 7)}`));
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await chooseMode(page, 'Shared secret');
    const storageProblem = page.getByRole('alert').filter({ hasText: 'Secrets were not stored' });
    await expect(storageProblem).toContainText('no keyring');
    await page.getByLabel('TURN shared secret', { exact: true }).fill('a-secret');
    await page.getByRole('button', { name: 'Set TURN shared secret' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Secrets were not stored: ' })).toBeVisible();
    await expect(page.getByTestId('secret-state-turn-shared-secret')).toHaveText(/Not set/);
    await shoot(page, 'settings-weak-storage');

    // The refused secret is still typed in its field: Save accepts weaker storage, then stores it.
    await expect(page.getByLabel('TURN shared secret', { exact: true })).toHaveValue('a-secret');
    await page.getByLabel(/Store secrets with weaker protection/).check();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
    await expect(page.getByTestId('secret-state-turn-shared-secret')).toHaveText(/Stored/);
    await expect(page.getByLabel('TURN shared secret', { exact: true })).toHaveValue('');
  } finally {
    await context.close();
    await weak.close();
  }
});
