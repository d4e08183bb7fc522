/**
 * Settings never says something untrue (issue 17): a secret typed and saved
 * with Save is stored; a TURN check from before a fix does not stay red next
 * to a green result; a wrong field gets a sentence naming the field, what is
 * wrong and the fix, never the IPC contract's raw text; the signaling server
 * URL and Relay only the README promises are in Settings, and a new
 * signaling URL is used at once (the page's CSP follows it). Real Chromium,
 * real coturn, a second real signaling server, all on loopback.
 */
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { startCoturn, type Coturn } from '../support/coturn';
import { startHarness, type Harness } from '../harness/web-harness';
import { startSignalingServer, type RunningSignalingServer } from '../../server/signaling-server';

let harness: Harness;
let coturn: Coturn;
let other: RunningSignalingServer;
const contexts: BrowserContext[] = [];

test.beforeAll(async () => {
  [coturn, harness] = await Promise.all([startCoturn(), startHarness({ port: 0 })]);
  // The page the harness serves is the app here: the other server admits its origin, as a real one lists the app's.
  other = await startSignalingServer({ port: 0, host: '127.0.0.1', allowedOrigins: [harness.origin] });
});

test.afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

test.afterAll(async () => {
  await harness?.close();
  await other?.close();
  await coturn?.stop();
});

const dialog = (page: Page) => page.getByRole('dialog', { name: 'Settings' });
const card = (page: Page) => page.getByRole('region', { name: 'ICE provider status' });

async function openApp(browser: Browser, name: string): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(harness.pageUrl(`${name}${Math.random().toString(36).slice(2, 7)}`));
  await expect(page.getByRole('button', { name: 'Join' })).toBeVisible();
  return page;
}

async function openSettings(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(dialog(page).getByRole('radio', { name: /^Manual/ })).toBeVisible();
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `screenshots/${name}.png`, fullPage: true });
}

test('a secret typed into its field and saved with Save is stored, and the status says so', async ({ browser }) => {
  const page = await openApp(browser, 'typed');
  await openSettings(page);
  await page.getByRole('radio', { name: /^Shared secret/ }).check();
  await page.getByLabel('TURN URLs').fill(`turn:127.0.0.1:${coturn.port}?transport=udp`);
  await page.getByLabel('TURN shared secret', { exact: true }).fill(coturn.secret);
  // Save, not the field's own Set button: what was typed must not be dropped.
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await expect(page.getByTestId('secret-state-turn-shared-secret')).toHaveText(/Stored, encrypted on this computer/);
  await expect(page.getByLabel('TURN shared secret', { exact: true })).toHaveValue('');
  await card(page).getByRole('button', { name: 'Fetch now' }).click();
  await expect(card(page).getByTestId('ice-source')).toHaveText('TURN shared secret (minted here)');
  await expect(card(page)).not.toContainText('Paste the secret');
  await card(page).getByRole('button', { name: 'Check TURN' }).click();
  await expect(card(page).getByRole('status')).toContainText(/TURN works: \d+ relay candidate/);
  await shoot(page, 'settings-secret-saved');
});

test('a typed secret is not thrown away by Close: the dialog stays and says why', async ({ browser }) => {
  const page = await openApp(browser, 'unsaved');
  await openSettings(page);
  await page.getByRole('radio', { name: /^Shared secret/ }).check();
  await page.getByLabel('TURN shared secret', { exact: true }).fill('typed-but-not-saved');
  await dialog(page).getByRole('button', { name: 'Close', exact: true }).click();
  await expect(dialog(page)).toBeVisible();
  await expect(dialog(page).getByRole('alert')).toContainText('The TURN shared secret you typed is not stored yet');
  await page.getByLabel('TURN shared secret', { exact: true }).fill('');
  await dialog(page).getByRole('button', { name: 'Close', exact: true }).click();
  await expect(dialog(page)).toHaveCount(0);
});

test('after the secret is fixed, the old red "TURN authentication failed" does not stay next to green results', async ({
  browser,
}) => {
  const page = await openApp(browser, 'stale');
  await openSettings(page);
  await page.getByRole('radio', { name: /^Shared secret/ }).check();
  await page.getByLabel('TURN URLs').fill(`turn:127.0.0.1:${coturn.port}?transport=udp`);
  await page.getByLabel('TURN shared secret', { exact: true }).fill('not-the-secret');
  await page.getByRole('button', { name: 'Set TURN shared secret' }).click();
  await expect(page.getByTestId('secret-state-turn-shared-secret')).toHaveText(/Stored/);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await card(page).getByRole('button', { name: 'Check TURN' }).click();
  await expect(card(page).getByRole('alert')).toContainText('TURN authentication failed');

  // The right secret, then "Test servers": everything passes, and nothing on screen still says it fails.
  await page.getByLabel('TURN shared secret', { exact: true }).fill(coturn.secret);
  await page.getByRole('button', { name: 'Replace TURN shared secret' }).click();
  await dialog(page).getByRole('button', { name: 'Test servers' }).click();
  const verdict = page.getByTestId('server-test-verdict');
  await expect(verdict).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('server-test-row').first()).toHaveAttribute('data-result', 'ok');
  await expect(dialog(page)).not.toContainText('authentication failed');
  await shoot(page, 'settings-no-stale-error');
});

test('a wrong field gets a sentence: which field, what is wrong, how to fix it; no raw contract text', async ({
  browser,
}) => {
  const page = await openApp(browser, 'sentences');
  await openSettings(page);
  await page.getByRole('button', { name: 'Add server' }).click();
  await page.getByLabel('Server 1 URLs').fill(`turn:127.0.0.1:${coturn.port}`);
  await page.getByLabel('Server 1 password').fill('pw');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const problem = dialog(page).getByRole('alert').first();
  await expect(problem).toContainText('Server 1 username');
  await expect(problem).toContainText('has no username');
  await expect(dialog(page)).not.toContainText('Invalid request for');
  await expect(dialog(page)).not.toContainText('ice.servers.0');
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Remove server 1' }).click();
  await page.getByRole('radio', { name: /^Cloudflare/ }).check();
  await page.getByLabel('Credential lifetime (TTL, seconds)').fill('5');
  await page.getByLabel('Turn Token ID').fill('not an id!');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog(page).getByRole('alert').filter({ hasText: 'Credential lifetime' })).toContainText(
    /between 10 and 172800/,
  );
  await expect(dialog(page).getByRole('alert').filter({ hasText: 'Turn Token ID' })).toContainText(
    'letters, digits, dash and underscore',
  );
  await expect(dialog(page)).not.toContainText('Invalid request for');
  await expect(dialog(page)).not.toContainText('ttlSeconds');
  await shoot(page, 'settings-sentences');
});

test('Relay only is in Settings, and it is the same setting as the call view switch', async ({ browser }) => {
  const page = await openApp(browser, 'relay');
  await openSettings(page);
  const inSettings = dialog(page).getByRole('switch', { name: 'Relay only' });
  await expect(inSettings).toHaveAttribute('aria-checked', 'false');
  await inSettings.click();
  await expect(inSettings).toHaveAttribute('aria-checked', 'true');
  await dialog(page).getByRole('button', { name: 'Close', exact: true }).click();
  await page.getByLabel('Display name').fill('Rey');
  await page.getByLabel('Room').fill('relay-setting');
  await page.getByRole('button', { name: 'Join' }).click();
  const inCall = page.getByRole('navigation', { name: 'Call controls' }).getByRole('switch', { name: 'Relay only' });
  await expect(inCall).toHaveAttribute('aria-checked', 'true');
  await inCall.click();
  await expect(inCall).toHaveAttribute('aria-checked', 'false');
  await openSettings(page);
  await expect(dialog(page).getByRole('switch', { name: 'Relay only' })).toHaveAttribute('aria-checked', 'false');
  expect(await page.evaluate(() => window.traverse!.getSettings().then((s) => s.relayOnly))).toBe(false);
});

test('the signaling server URL: a sentence for each wrong input; a new URL is used at once, CSP included', async ({
  browser,
}) => {
  const page = await openApp(browser, 'signal');
  await openSettings(page);
  const field = dialog(page).getByLabel('Signaling server URL');
  await expect(field).toHaveValue('');
  const wrong: [string, RegExp][] = [
    ['signal example', /is not a web address/],
    ['ftp://signal.example.org', /starts with ftp:/],
    ['https://*.example.org', /one server's name or IP address/],
    ['https://ana:pw@signal.example.org', /user name or password/],
    ['https://signal.example.org/rooms', /path/],
  ];
  for (const [input, sentence] of wrong) {
    await field.fill(input);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const alert = dialog(page).getByRole('alert').filter({ hasText: 'Signaling server URL' });
    await expect(alert, input).toContainText(sentence);
    await expect(dialog(page)).not.toContainText('Invalid request for');
  }
  await shoot(page, 'settings-signaling-wrong');

  // A real second signaling server: after Save the lobby uses it, and the page may connect to it.
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await field.fill(other.url);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  // Saving a new server reloads the page (its CSP is fixed at load): the dialog goes, the lobby names the server.
  await expect(dialog(page)).toHaveCount(0);
  const lobbyLine = page.getByLabel('Signaling server', { exact: true });
  await expect(lobbyLine).toContainText(`Signaling: ${other.url}`);
  await expect(lobbyLine).toContainText('Rooms are open');
  await page.getByLabel('Display name').fill('Sia');
  await page.getByLabel('Room').fill('elsewhere');
  await page.getByRole('button', { name: 'Join' }).click();
  await expect(page.getByText('Waiting for others to join…')).toBeVisible();
  await expect.poll(() => other.io.engine.clientsCount).toBeGreaterThan(0);
  expect(violations).toEqual([]);
});
