/**
 * The ICE server tester in real Chromium against a real coturn (loopback, shared-secret auth, plus a TLS
 * listener with a self-signed certificate): good credentials give relay addresses over UDP and TCP and a
 * measured path through each, a wrong secret shows 401, a port nobody listens on fails within the time
 * limit, STUN-only lists get a clear result, and the turns: row says what Chromium does with a
 * certificate it does not trust. Credentials come from `ice:get`, as a call's do.
 */
import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { serverTestRunSchema } from '../../shared/ice-test';
import { turnRestPassword } from '../../shared/ice/ice-provider-shared-secret';
import type { Coturn } from '../support/coturn';
import {
  borderTone,
  expectRelayOk,
  row,
  runTester,
  startTesterLab,
  tester,
  verdict,
  type TesterLab,
} from './server-tester-lab';

test.describe.configure({ mode: 'serial' });

let lab: TesterLab;
let coturn: Coturn;
let dead: number;

test.beforeAll(async () => {
  lab = await startTesterLab();
  ({ coturn, dead } = lab);
});

test.afterEach(async () => {
  await lab.closePages();
});

test.afterAll(async () => {
  await lab?.stop();
});

test('good shared-secret credentials: a TURN URL without ?transport gives UDP and TCP rows, both ok with relay addresses', async ({
  browser,
}) => {
  const page = await lab.open(browser, 'good', {
    mode: 'shared-secret',
    secret: coturn.secret,
    urls: [`turn:127.0.0.1:${coturn.port}`],
    user: 'goodrun',
  });
  await runTester(page);
  await expect(tester(page).getByTestId('server-test-row')).toHaveCount(2);
  await expectRelayOk(row(page, `turn:127.0.0.1:${coturn.port}?transport=udp`));
  await expectRelayOk(row(page, `turn:127.0.0.1:${coturn.port}?transport=tcp`));
  await expect(verdict(page)).toHaveText('TURN over UDP and TCP work');
  expect(await borderTone(verdict(page))).toBe('green');
  await expect(verdict(page)).toHaveAttribute('data-outcome', 'ok');
  for (const transport of ['udp', 'tcp']) {
    const r = row(page, `turn:127.0.0.1:${coturn.port}?transport=${transport}`);
    test.info().annotations.push({
      type: `relay-${transport}`,
      description: `${await r.getByTestId('first-candidate').innerText()}, ${await r.getByTestId('address').innerText()}`,
    });
  }
  await expect(tester(page).getByTestId('server-test-progress')).toContainText(
    'credentials from the TURN shared secret',
  );
  // coturn really allocated for the minted user, once per transport.
  expect(lab.allocationsBy('goodrun').length).toBeGreaterThanOrEqual(2);
});

test('server mode: credentials minted by the signaling server pass the same way, so a pass means a call would work', async ({
  browser,
}) => {
  const page = await lab.open(browser, 'server', { mode: 'server' });
  await runTester(page);
  await expect(tester(page).getByTestId('server-test-row')).toHaveCount(3);
  await expectRelayOk(row(page, `turn:127.0.0.1:${coturn.port}?transport=udp`));
  await expectRelayOk(row(page, `turn:127.0.0.1:${coturn.port}?transport=tcp`));
  await expect(row(page, `stun:127.0.0.1:${coturn.port}`)).toHaveAttribute('data-result', /^(ok|no-candidate)$/);
  await expect(tester(page).getByTestId('server-test-progress')).toContainText('credentials from the signaling server');
  await expect(verdict(page)).toHaveText(/^TURN over UDP and TCP work/);

  // The last run goes into the diagnostics report: rows, verdict and text lines, without credentials.
  await page.getByRole('dialog', { name: 'Settings' }).getByRole('button', { name: 'Close' }).click();
  await page.getByLabel('Display name').fill('Tess');
  await page.getByLabel('Room').fill('server-tester-report');
  await page.getByRole('button', { name: 'Join' }).click();
  await page.getByRole('button', { name: 'Diagnostics' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export report' }).click(),
  ]);
  const text = await readFile(await download.path(), 'utf8');
  const report = z
    .object({ serverTests: serverTestRunSchema.extend({ lines: z.array(z.string()) }) })
    .parse(JSON.parse(text));
  expect(report.serverTests.state).toBe('done');
  expect(report.serverTests.source).toBe('server');
  expect(report.serverTests.rows.filter((r) => r.kind === 'turn').map((r) => r.result)).toEqual(['ok', 'ok']);
  expect(report.serverTests.lines.find((l) => l.includes('?transport=udp'))).toMatch(
    new RegExp(
      `^  turn:127\\.0\\.0\\.1:${coturn.port}\\?transport=udp: ok, first candidate \\d+ ms, relay 127\\.0\\.0\\.1:\\d+; Through the relay and back to this computer: round trip \\d+ ms, jitter \\d+ ms, [\\d.]+ % of 400 pings lost, [\\d.]+ [kM]bit/s$`,
    ),
  );
  expect(text).not.toContain(coturn.secret);
  expect(text).not.toMatch(/"credential"\s*:\s*"[A-Za-z0-9+/=]{20,}"/);
});

test('wrong shared secret: "authentication failed" with the 401 shown and where to fix the secret', async ({
  browser,
}) => {
  const page = await lab.open(browser, 'wrong', {
    mode: 'shared-secret',
    secret: 'not-the-secret',
    urls: [`turn:127.0.0.1:${coturn.port}`],
    user: 'wrongrun',
  });
  await runTester(page);
  for (const transport of ['udp', 'tcp']) {
    const r = row(page, `turn:127.0.0.1:${coturn.port}?transport=${transport}`);
    await expect(r).toHaveAttribute('data-result', 'auth-failed');
    await expect(r.getByRole('cell').first()).toHaveText('authentication failed');
    await expect(r.getByTestId('error')).toHaveText(/^401 Unauthorized/);
    await expect(r.getByTestId('address')).toHaveText('—');
    await expect(r).toContainText('Fix: Copy the exact static-auth-secret');
  }
  await expect(verdict(page)).toHaveText(
    `No TURN server works: calls behind strict NATs and firewalls will fail; TURN over UDP ${coturn.port} refused the credentials (401): check the secret or password; 1 more below`,
  );
  expect(lab.allocationsBy('wrongrun')).toHaveLength(0);
  // A failure verdict looks like one: its border is red, not the green of a pass.
  expect(await borderTone(verdict(page))).toBe('red');
  await expect(verdict(page)).toHaveAttribute('data-outcome', 'failed');
});

test('a port nobody listens on: TCP unreachable (701), UDP timed out, the whole run within 10 s', async ({
  browser,
}) => {
  const page = await lab.open(browser, 'dead', {
    mode: 'shared-secret',
    secret: coturn.secret,
    urls: [`turn:127.0.0.1:${dead}`],
    user: 'deadrun',
  });
  const took = await runTester(page);
  const tcp = row(page, `turn:127.0.0.1:${dead}?transport=tcp`);
  await expect(tcp).toHaveAttribute('data-result', 'unreachable');
  await expect(tcp.getByTestId('error')).toHaveText(/^701 /);
  await expect(tcp).toContainText(`open TCP ${dead}`);
  // UDP gets no refusal: Chromium would wait ~40 s for its 701; the tester stops at its deadline.
  const udp = row(page, `turn:127.0.0.1:${dead}?transport=udp`);
  await expect(udp).toHaveAttribute('data-result', /^(timed-out|unreachable)$/);
  await expect(udp).toContainText(`UDP ${dead}`);
  // The run's own clock (press to last row), and the wall clock with room for a busy 2-core machine and polling.
  const finished = (await tester(page).getByTestId('server-test-progress').innerText()).match(
    /^Finished in (\d+\.\d) s/,
  );
  expect(Number(finished?.[1])).toBeLessThanOrEqual(10);
  test.info().annotations.push({
    type: 'dead-port-run',
    description: `${finished?.[1] ?? '?'} s by the app's clock, ${took} ms press to seen done`,
  });
  expect(took).toBeLessThan(15_000);
  await expect(verdict(page)).toContainText(`TURN over TCP ${dead} unreachable: open TCP ${dead}`);
});

test('STUN-only list: the coturn STUN port gets a clear answer, a dead port times out', async ({ browser }) => {
  const page = await lab.open(browser, 'stun', {
    mode: 'manual',
    servers: [{ urls: [`stun:127.0.0.1:${coturn.port}`, `stun:127.0.0.1:${dead}`] }],
  });
  await runTester(page);
  const live = row(page, `stun:127.0.0.1:${coturn.port}`);
  const result = await live.getAttribute('data-result');
  test
    .info()
    .annotations.push({ type: 'chromium-stun-on-loopback', description: `${result ?? ''}: ${await live.innerText()}` });
  if (result === 'ok') {
    await expect(live.getByTestId('address')).toHaveText(/\(reflexive\)$/);
  } else {
    // What Chromium does here: coturn answers, but the address it saw is this computer's own (no NAT), and Chromium keeps no such srflx.
    expect(result).toBe('no-candidate');
    await expect(live).toContainText('no NAT between them');
    // Chromium completes gathering for a STUN server only on an answer (or its ~40 s give-up): quick completion means coturn answered.
    const finishedIn = Number(/gathering finished in (\d+(?:\.\d)?) s/.exec(await live.innerText())?.[1]);
    expect(finishedIn).toBeLessThan(3);
    await expect(live.getByTestId('error')).toHaveText('—');
  }
  const gone = row(page, `stun:127.0.0.1:${dead}`);
  await expect(gone).toHaveAttribute('data-result', 'timed-out');
  await expect(gone).toContainText('no reflexive candidate within 8 s');
  await expect(verdict(page)).toContainText(
    `STUN 127.0.0.1:${dead} timed out: open UDP ${dead} or drop it; 1 more below`,
  );
  await expect(verdict(page)).toContainText(/no TURN server is configured/i);
});

test('turns: with a self-signed certificate: Chromium hangs up during the TLS handshake, the row says so and what to do', async ({
  browser,
}) => {
  const tls = `turns:127.0.0.1:${coturn.tlsPort!}?transport=tcp`;
  const page = await lab.open(browser, 'tls', {
    mode: 'shared-secret',
    secret: coturn.secret,
    urls: [`turns:127.0.0.1:${coturn.tlsPort!}`, `turn:127.0.0.1:${coturn.port}?transport=tcp`],
    user: 'tlsrun',
  });
  await runTester(page);
  const r = row(page, tls);
  await expect(r).toHaveAttribute('data-result', 'unreachable');
  await expect(r.getByTestId('error')).toHaveText('701 Failed to establish connection');
  // The certificate check from the main process found it self-signed: the row says so and points at that line.
  await expect(r).toContainText('Likely cause: its certificate is untrusted (self-signed)');
  await expect(r).toContainText('Fix: Use a certificate for 127.0.0.1 from a CA this computer trusts');
  await expect(r.getByRole('link', { name: 'Certificate: untrusted (self-signed)' })).toBeVisible();
  await expectRelayOk(row(page, `turn:127.0.0.1:${coturn.port}?transport=tcp`));
  await expect(verdict(page)).toHaveText(
    `TURN over TCP works; TURN over TLS ${coturn.tlsPort!} unreachable: open TCP ${coturn.tlsPort!} or use 443, with a trusted certificate`,
  );
  // coturn saw Chromium connect to the TLS port and close before any TURN request (no user): the handshake failed.
  expect(coturn.log()).toMatch(
    new RegExp(`closed \\(2nd stage\\), user <> realm <[^>]*> origin <>, local 127\\.0\\.0\\.1:${coturn.tlsPort!}`),
  );
  expect(coturn.log()).not.toMatch(new RegExp(`new, realm=<[^>]*>, username=<\\d+:tlsrun>, lifetime=\\d+, cipher`));
});

test('mixed results fill in as they arrive, with progress in words; Cancel stops a run; screenshots', async ({
  browser,
}) => {
  const username = `${Math.floor(Date.now() / 1000) + 3600}:mixed`;
  const credential = await turnRestPassword(coturn.secret, username);
  const page = await lab.open(browser, 'mixed', {
    mode: 'manual',
    servers: [
      { urls: `stun:127.0.0.1:${coturn.port}` },
      {
        urls: [`turn:127.0.0.1:${coturn.port}?transport=udp`, `turn:127.0.0.1:${coturn.port}?transport=tcp`],
        username,
        credential,
      },
      { urls: `turns:127.0.0.1:${coturn.tlsPort!}`, username, credential },
      { urls: `turn:127.0.0.1:${dead}?transport=udp`, username, credential },
    ],
  });
  await page.setViewportSize({ width: 1200, height: 1400 });
  await tester(page).getByRole('button', { name: 'Test servers' }).click();
  // In progress: fast rows are done while the dead UDP port is still being waited on.
  await expect(row(page, `turn:127.0.0.1:${coturn.port}?transport=udp`)).toHaveAttribute('data-result', 'ok');
  await expect(row(page, `turn:127.0.0.1:${dead}?transport=udp`)).toHaveAttribute('data-result', 'testing');
  await expect(row(page, `turn:127.0.0.1:${dead}?transport=udp`)).toContainText(
    'Testing… waiting for a relay allocation',
  );
  await expect(verdict(page)).toHaveText(/^Testing 5 server URLs… [1-4] of 5 done$/);
  await expect(tester(page).getByTestId('server-test-progress')).toHaveText(
    // The relays that allocated are measured meanwhile: the line says how many.
    /^[1-4] of 5 done, 1 testing(, measuring [1-3] relay paths?)?: \d+\.\d s elapsed$/,
  );
  await tester(page).screenshot({ path: 'test-results/screenshots/server-tester-running.png' });

  await expect(verdict(page)).toHaveAttribute('data-state', 'done', { timeout: 15_000 });
  await expect(row(page, `turn:127.0.0.1:${dead}?transport=udp`)).toHaveAttribute('data-result', 'timed-out');
  await expect(row(page, `turns:127.0.0.1:${coturn.tlsPort!}?transport=tcp`)).toHaveAttribute(
    'data-result',
    'unreachable',
  );
  await expectRelayOk(row(page, `turn:127.0.0.1:${coturn.port}?transport=tcp`));
  await expect(verdict(page)).toHaveText(
    `TURN over UDP and TCP work; TURN over TLS ${coturn.tlsPort!} unreachable: open TCP ${coturn.tlsPort!} or use 443, with a trusted certificate; 2 more below`,
  );
  await expect(tester(page).getByTestId('server-test-progress')).toHaveText(
    /^Finished in \d+\.\d s, credentials from the manual list$/,
  );
  await tester(page).screenshot({ path: 'test-results/screenshots/server-tester-finished.png' });
  // Where it sits: the whole Settings dialog, the viewport grown to fit it.
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await page.setViewportSize({ width: 1200, height: Math.ceil(await dialog.evaluate((el) => el.scrollHeight)) + 60 });
  await page.screenshot({ path: 'test-results/screenshots/server-tester-in-settings.png' });
  await page.setViewportSize({ width: 1200, height: 1400 });

  // Cancel: a run with the dead port still open stops at once, and says what it managed.
  await tester(page).getByRole('button', { name: 'Test servers' }).click();
  await expect(verdict(page)).toHaveAttribute('data-state', 'running');
  await expect(row(page, `turn:127.0.0.1:${coturn.port}?transport=udp`)).toHaveAttribute('data-result', 'ok');
  await expect(row(page, `turn:127.0.0.1:${dead}?transport=udp`)).toHaveAttribute('data-result', 'testing');
  await tester(page).getByRole('button', { name: 'Cancel' }).click();
  await expect(verdict(page)).toHaveAttribute('data-state', 'cancelled');
  // "At once" is shown by state, not by a clock (a loaded CI machine took 2.4 s to repaint): the
  // dead port's row ends cancelled, not timed out, so the run stopped before its 8 s wait ended.
  await expect(row(page, `turn:127.0.0.1:${dead}?transport=udp`)).toHaveAttribute('data-result', 'cancelled');
  await expect(verdict(page)).toHaveText(/^Cancelled after [1-4] of 5: TURN over UDP/);
  await expect(tester(page).getByTestId('server-test-progress')).toHaveText(
    /^Cancelled after \d+\.\d s, credentials from the manual list$/,
  );
  await expect(tester(page).getByRole('button', { name: 'Cancel' })).toHaveCount(0);
  await expect(tester(page).getByRole('button', { name: 'Test servers' })).toBeEnabled();
  await tester(page).screenshot({ path: 'test-results/screenshots/server-tester-cancelled.png' });
});
