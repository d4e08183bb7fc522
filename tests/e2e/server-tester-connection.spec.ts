/**
 * The connection test as a person sees it, with TURN over TLS that can pass: 2 coturns × UDP, TCP
 * and TLS with certificates this app and Chromium trust (server-tester-trusted-lab.ts). All green:
 * every path ok, both certificates "trusted, 29 days left". Then with one server down and one
 * certificate expired: the rows, the certificate lines and the verdict say which, and the failing TLS
 * row names its certificate's line. Screenshots of running, green, and failures under screenshots/.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { startTrustedLab, turnUrls, type TrustedLab } from './server-tester-trusted-lab';
import { row, tester, verdict } from './server-tester-lab';

test.describe.configure({ mode: 'serial' });

let lab: TrustedLab;

test.beforeAll(async () => {
  lab = await startTrustedLab();
});

test.afterAll(async () => {
  await lab?.stop();
});

const certificates = (page: Page) => tester(page).getByTestId('tls-certificate');
const ladderHeadline = (page: Page) => tester(page).getByTestId('ladder-headline');
/** "direct:likely", "turn-udp:works", …: each rung of the ladder with its state. */
const rungStates = (page: Page) =>
  tester(page)
    .getByTestId('ladder-rung')
    .evaluateAll((items) => items.map((li) => `${li.getAttribute('data-rung')}:${li.getAttribute('data-state')}`));

/** Serious and critical axe findings (the certificate links and lines included), one line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include('.server-tester').analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}

/** The id of the certificate line for 127.0.0.1:port (what a TLS row's link points at). */
async function certificateLineId(page: Page, port: number): Promise<string> {
  const id = await certificates(page)
    .filter({ hasText: `127.0.0.1:${port}:` })
    .getAttribute('id');
  expect(id).toBeTruthy();
  return id!;
}

/** The rows finished, the NAT answered and every certificate line in. */
async function finished(page: Page, certificateCount: number): Promise<void> {
  await expect(verdict(page)).toHaveAttribute('data-state', 'done', { timeout: 20_000 });
  await expect(tester(page).getByTestId('nat-behaviour')).toBeVisible();
  await expect(certificates(page)).toHaveCount(certificateCount);
}

test('all green: 2 servers × UDP, TCP and TLS each give a relay, both certificates trusted with days left', async () => {
  const [a, b] = lab.good;
  const page = await lab.open([...turnUrls(a), ...turnUrls(b)]);
  await tester(page).getByRole('button', { name: 'Test servers' }).click();
  await finished(page, 2);
  for (const url of [...turnUrls(a), ...turnUrls(b)]) await expect(row(page, url)).toHaveAttribute('data-result', 'ok');
  await expect(verdict(page)).toHaveText('TURN over UDP, TCP and TLS work');
  await expect(verdict(page)).toHaveAttribute('data-outcome', 'ok');
  for (const c of [a, b])
    await expect(certificates(page).filter({ hasText: `127.0.0.1:${c.tlsPort!}` })).toContainText(
      'trusted, 29 days left',
    );
  // Each TLS row points at its certificate's line.
  for (const c of [a, b]) {
    const link = row(page, turnUrls(c)[2]!).getByRole('link', { name: 'Certificate: trusted, 29 days left' });
    await expect(link).toHaveAttribute('href', `#${await certificateLineId(page, c.tlsPort!)}`);
  }
  // The ladder: on loopback there is no NAT, so calls go direct, with TURN over UDP behind it.
  await expect(ladderHeadline(page)).toHaveText(
    'Calls will go direct where the other person’s network allows it, otherwise through TURN over UDP',
  );
  await expect(ladderHeadline(page)).toHaveAttribute('data-carrier', 'direct');
  expect(await rungStates(page)).toEqual(['direct:likely', 'turn-udp:works', 'turn-tcp:works', 'turn-tls:works']);
  await expect(tester(page).getByTestId('credential-lifetime')).toHaveAttribute('data-tone', 'ok');
  await expect(tester(page).getByTestId('credential-lifetime')).toContainText(
    /^The TURN credentials stay valid for \d+ (h|min)\b.*the app renews them at \d\d:\d\d and hands the new ones to calls in progress/,
  );
  await tester(page).screenshot({ path: 'screenshots/connection-test-green.png' });
  expect(await seriousViolations(page)).toEqual([]);
  await page.context().close();
});

test('one server down and one certificate expired: running, then finished with failures', async () => {
  const [a, b] = lab.good;
  const expiredTls = `turns:127.0.0.1:${lab.expired.tlsPort!}?transport=tcp`;
  const page = await lab.open([...turnUrls(a), ...turnUrls(b), expiredTls]);
  await b.stop();
  await tester(page).getByRole('button', { name: 'Test servers' }).click();
  // Running: the live server's rows are in while the stopped one's UDP path is still waited on (UDP gets no refusal).
  await expect(row(page, turnUrls(a)[0]!)).toHaveAttribute('data-result', 'ok');
  await expect(row(page, turnUrls(b)[0]!)).toHaveAttribute('data-result', 'testing');
  await expect(ladderHeadline(page)).not.toHaveAttribute('data-carrier', 'turn-tcp');
  await tester(page).screenshot({ path: 'screenshots/connection-test-running.png' });

  await finished(page, 3);
  for (const url of turnUrls(a)) await expect(row(page, url)).toHaveAttribute('data-result', 'ok');
  await expect(row(page, turnUrls(b)[0]!)).toHaveAttribute('data-result', 'timed-out');
  await expect(row(page, turnUrls(b)[1]!)).toHaveAttribute('data-result', 'unreachable');
  await expect(row(page, expiredTls)).toHaveAttribute('data-result', 'unreachable');
  await expect(certificates(page).filter({ hasText: `127.0.0.1:${lab.expired.tlsPort!}` })).toContainText(
    'expired 10 days ago',
  );
  // The stopped server's TLS row blames no certificate: the main process's check was refused too.
  const downTls = row(page, turnUrls(b)[2]!);
  await expect(downTls).not.toContainText('the likely cause is the certificate');
  await expect(downTls).toContainText(
    `Likely cause: the certificate check could not connect to 127.0.0.1:${b.tlsPort!} either (connection refused)`,
  );
  await expect(
    downTls.getByRole('link', { name: 'Certificate: no TLS connection (connection refused)' }),
  ).toBeVisible();
  // The expired server's TLS row names its certificate as the cause and points at its line.
  const expiredRow = row(page, expiredTls);
  await expect(expiredRow).toContainText('Likely cause: its certificate expired 10 days ago');
  await expect(expiredRow.getByRole('link', { name: 'Certificate: expired 10 days ago' })).toHaveAttribute(
    'href',
    `#${await certificateLineId(page, lab.expired.tlsPort!)}`,
  );
  await expiredRow.getByRole('link', { name: 'Certificate: expired 10 days ago' }).click();
  await expect(certificates(page).filter({ hasText: `127.0.0.1:${lab.expired.tlsPort!}:` })).toBeFocused();
  // The certificate line for the stopped server says what failed in words, not only Node's code.
  await expect(certificates(page).filter({ hasText: `127.0.0.1:${b.tlsPort!}` })).toContainText(
    `Likely cause: nothing accepts connections on 127.0.0.1:${b.tlsPort!} (connection refused)`,
  );
  // One server still carries every transport: the ladder says so, and each rung names the server that works.
  expect(await rungStates(page)).toEqual(['direct:likely', 'turn-udp:works', 'turn-tcp:works', 'turn-tls:works']);
  await expect(tester(page).locator('[data-rung="turn-tls"]')).toContainText(`127.0.0.1:${a.tlsPort!} works`);
  await tester(page).screenshot({ path: 'screenshots/connection-test-failures.png' });
  expect(await seriousViolations(page)).toEqual([]);
  await page.context().close();
});

test('the lobby’s connection test: one button, then the way calls will go, as Settings shows it', async () => {
  const [a] = lab.good;
  const page = await lab.open(turnUrls(a));
  await page.getByRole('dialog', { name: 'Settings' }).getByRole('button', { name: 'Close' }).click();
  const lobbyTest = page.getByRole('region', { name: 'Connection test' });
  await lobbyTest.getByRole('button', { name: 'Test connection' }).click();
  await expect(lobbyTest.getByRole('status')).toHaveText(/^Testing… \d of 3 server paths done\.$/);
  const said = lobbyTest.getByTestId('lobby-connection-test');
  await expect(said).toHaveAttribute('data-carrier', 'direct', { timeout: 30_000 });
  await expect(said).toHaveText(
    'Calls will go direct where the other person’s network allows it, otherwise through TURN over UDP',
  );
  await expect(lobbyTest.getByRole('button', { name: 'Test again' })).toBeVisible();
  await lobbyTest.screenshot({ path: 'screenshots/lobby-connection-test.png' });
  await page.screenshot({ path: 'screenshots/lobby-with-connection-test.png' });
  // The same run, in full, in Settings.
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(ladderHeadline(page)).toHaveText(await said.innerText());
  await page.context().close();
});
