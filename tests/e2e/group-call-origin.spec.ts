/**
 * A group-call server the app may not connect to: the signaling server sends people to Janus on
 * another address than its own (JANUS_PUBLIC_URL pointing at Janus directly), and the app's
 * Content-Security-Policy, which allows only the signaling server, blocks that WebSocket. The
 * person must not be left on "Joining…": the lobby says what failed, why, and the fix, and Join
 * works again. Real Chromium, the web harness with the Electron CSP, Debian's Janus.
 */
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium';
import { startHarness, type Harness } from '../harness/web-harness';
import { startJanus, type JanusServer } from '../support/janus';
import { expect, openPerson, test } from './people';

test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS } });

let janus: JanusServer;
let harness: Harness;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  janus = await startJanus();
  const { url, tokenSecret, adminKey } = janus;
  // Janus's own port, not the signaling server's origin: what the CSP's connect-src does not allow.
  harness = await startHarness({ janus: { url, publicUrl: url, tokenSecret, adminKey, meshMax: 0 } });
});
test.afterAll(async () => {
  test.setTimeout(120_000);
  await harness?.close();
  await janus?.stop();
});

test('Janus off the signaling server’s address: the join ends with what failed and the fix, not on “Joining…”', async ({
  browser,
}) => {
  const ana = await openPerson(browser, 'Ana', (profile) => harness.pageUrl(profile));
  await ana.join('group-elsewhere');
  const alert = ana.page.getByRole('alert').filter({ hasText: 'security policy' });
  await expect(alert).toContainText(`Could not reach the group-call server (Janus) at ${janus.url}`);
  await expect(alert).toContainText('JANUS_PUBLIC_URL');
  await expect(ana.page.getByRole('button', { name: 'Join' })).toBeEnabled();
  await ana.page.screenshot({ path: 'screenshots/group-call-janus-elsewhere.png' });
});
