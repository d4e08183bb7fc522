/**
 * The server tester per address family (issue 18), in real Chromium against real coturns: a TURN
 * name with IPv4 and IPv6 addresses is a row per family and transport; Chromium allocates a relay
 * through coturn over ::1 as well as 127.0.0.1 (coturn's log shows the IPv6 client address) and
 * the path through each is measured; against a coturn that listens only on 127.0.0.1 the IPv6 rows
 * fail with words that say the server works over IPv4 but not over IPv6.
 *
 * The one stand-in: this machine's /etc/hosts gives `localhost` only 127.0.0.1 (most Linux systems
 * also name ::1), and nothing here resolves a name to both families without editing system files.
 * So the harness's core resolves `localhost` to 127.0.0.1 and ::1 (its `serverAddresses.lookup`);
 * every other name, Chromium, coturn and the sockets are real. Real DNS for `localhost` is tested in
 * tests/integration/server-addresses.test.ts. Chromium's relay addresses stay IPv4 over ::1: it asks
 * for no REQUESTED-ADDRESS-FAMILY, and RFC 6156 then allocates IPv4, so a row per family says which
 * family reaches the TURN server, not which family it relays.
 */
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { lookup as dnsLookup } from 'node:dns/promises';
import { networkInterfaces } from 'node:os';
import { hasOwnIpv6 } from '../../electron/core/server-addresses';
import { startHarness, type Harness } from '../harness/web-harness';
import { startCoturn, type Coturn } from '../support/coturn';
import { configure, expectRelayOk, row, runTester, tester, verdict, type Setup } from './server-tester-lab';

test.describe.configure({ mode: 'serial' });
test.skip(!hasOwnIpv6(networkInterfaces()), 'this computer has no IPv6 address: the tester plans no IPv6 rows');

let dualStack: Coturn;
let ipv4Only: Coturn;
let harness: Harness;
const contexts: BrowserContext[] = [];

const bothFamilies = async (host: string) =>
  host === 'localhost'
    ? [
        { address: '127.0.0.1', family: 4 },
        { address: '::1', family: 6 },
      ]
    : dnsLookup(host, { all: true });

test.beforeAll(async () => {
  [dualStack, ipv4Only] = await Promise.all([
    // Listening on ::1 beside 127.0.0.1, as a server with an AAAA record listens on both.
    startCoturn({ extra: ['--listening-ip=::1', '--relay-ip=::1'] }),
    startCoturn(),
  ]);
  harness = await startHarness({ port: 0, serverAddresses: { lookup: bothFamilies } });
});

test.afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

test.afterAll(async () => {
  await harness?.close();
  await Promise.all([dualStack?.stop(), ipv4Only?.stop()]);
});

async function open(browser: Browser, name: string, setup: Setup): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(harness.pageUrl(`${name}${Math.random().toString(36).slice(2, 7)}`));
  await expect(page.getByRole('button', { name: 'Join' })).toBeVisible();
  await configure(page, setup);
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible();
  return page;
}

/** Four relay paths are measured one after another (shared/path-meter-lock.ts): more than the usual 15 s on a busy machine. */
const RUN_TIMEOUT_MS = 40_000;

const sharedSecret = (coturn: Coturn, user: string): Setup => ({
  mode: 'shared-secret',
  secret: coturn.secret,
  urls: [`turn:localhost:${coturn.port}`],
  user,
});

test('a TURN name with IPv4 and IPv6 addresses: a row per family and transport, each with a relay through coturn', async ({
  browser,
}) => {
  const page = await open(browser, 'dual', sharedSecret(dualStack, 'dualrun'));
  const took = await runTester(page, RUN_TIMEOUT_MS);
  test.info().annotations.push({ type: 'run', description: `${took} ms` });
  const port = dualStack.port;
  await expect(tester(page).getByTestId('server-test-row')).toHaveCount(4);
  for (const transport of ['udp', 'tcp']) {
    await expectRelayOk(row(page, `turn:127.0.0.1:${port}?transport=${transport}`));
    const ipv6 = row(page, `turn:[::1]:${port}?transport=${transport}`);
    await expectRelayOk(ipv6);
    await expect(ipv6.getByRole('rowheader')).toContainText(
      `TURN over ${transport.toUpperCase()} localhost:${port} (IPv6 ::1)`,
    );
  }
  await expect(verdict(page)).toHaveText('TURN over UDP and TCP work');
  await expect(verdict(page)).toHaveAttribute('data-outcome', 'ok');
  // coturn served clients at ::1: the IPv6 rows really went over IPv6.
  expect(dualStack.log()).toMatch(/remote \[::1\]:\d+/);
});

test('a TURN server listening only on IPv4: the IPv6 rows fail, and say it works over IPv4 but not over IPv6', async ({
  browser,
}) => {
  const page = await open(browser, 'v4only', sharedSecret(ipv4Only, 'v4onlyrun'));
  const took = await runTester(page, RUN_TIMEOUT_MS);
  test.info().annotations.push({ type: 'run', description: `${took} ms` });
  const port = ipv4Only.port;
  await expect(tester(page).getByTestId('server-test-row')).toHaveCount(4);
  await expectRelayOk(row(page, `turn:127.0.0.1:${port}?transport=udp`));
  await expectRelayOk(row(page, `turn:127.0.0.1:${port}?transport=tcp`));
  // UDP gets no refusal on loopback here: the deadline ends it. TCP is refused at once (701).
  const udp6 = row(page, `turn:[::1]:${port}?transport=udp`);
  const tcp6 = row(page, `turn:[::1]:${port}?transport=tcp`);
  await expect(udp6).toHaveAttribute('data-result', 'timed-out');
  await expect(tcp6).toHaveAttribute('data-result', 'unreachable');
  for (const [r, words] of [
    [udp6, 'UDP'],
    [tcp6, 'TCP'],
  ] as const) {
    await expect(r.locator('.st-problem')).toContainText(`while over IPv4 (127.0.0.1) it works`);
    await expect(r.locator('.st-problem')).toContainText(
      `Likely cause: the TURN server works over IPv4 but not over IPv6: it may not listen on its IPv6 address ::1, a firewall may block ${words} ${port} over IPv6, or this network's IPv6 does not reach it.`,
    );
    await expect(r.locator('.st-problem')).toContainText('until then calls from here use it over IPv4 only.');
  }
  await expect(verdict(page)).toHaveText(
    `TURN over UDP and TCP work; TURN over TCP ${port} fails over IPv6 only (works over IPv4): the server may not listen on IPv6, or this network's IPv6 does not reach it; 1 more below`,
  );
  await expect(verdict(page)).toHaveAttribute('data-outcome', 'partial');
  // No client ever reached this coturn over IPv6: it does not listen there.
  expect(ipv4Only.log()).not.toMatch(/remote \[::1\]/);
  // Tall enough for the verdict and all four rows in one picture (the Settings dialog scrolls otherwise).
  await page.setViewportSize({ width: 1200, height: 1700 });
  await page.screenshot({ path: 'screenshots/server-tester-ipv6-fails.png', fullPage: true });
});
