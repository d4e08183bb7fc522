/**
 * The connection test's relay path under conditions the lab imposes (issue 18): the wire delays
 * and drops frames on home A's link and tbf caps its upload, and the app's own "Test servers",
 * run from home A, must read the round trip, loss and throughput of the path through the lab's
 * TURN server within the tolerances below.
 *
 * The path crosses home A's link four times per ping (a → TURN → b, then b → TURN → a: up, down,
 * up, down), so 20 ms each way is 80 ms round trip, and loss on the upload alone hits each ping
 * twice. Loss and the rate limit are imposed in two runs: a reliable transfer over a lossy link
 * is held to what its congestion control allows (about 0.85 Mbit/s at 3 % and 80 ms, by the
 * Mathis formula), which is not the link's rate.
 */
import { expect, test, type Page } from '@playwright/test';
import { setNat, SERVICE_IP } from './lab';
import { openLabPerson } from './lab-person';
import { labSessionForFile } from './lab-session';
import { startWire, type LabWire, type LinkConditions } from './link-conditions';

let wire: LabWire | undefined;
const lab = labSessionForFile(async () => wire?.stop());

const ONE_WAY_MS = 20;
const UPLOAD_LOSS_PCT = 3;
const RATE_KBIT = 2_000;
/** Tolerances: RTT ±25 %; loss ±2 points or 3 binomial σ of the pings sent, whichever is wider; throughput 60-105 % of the rate. */
const RTT_TOLERANCE = 0.25;
const THROUGHPUT_RANGE = [0.6, 1.05] as const;

interface PathFigures {
  rttMs: number;
  lossPct: number;
  pings: number;
  throughputKbps: number;
  words: string;
}

/** Runs the app's connection test (one TURN URL over UDP) and reads that path's figures from its row. */
async function measured(page: Page): Promise<PathFigures> {
  const tester = page.getByRole('region', { name: 'Server test' });
  await tester.getByRole('button', { name: 'Test servers' }).click();
  await expect(tester.getByTestId('server-test-verdict')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  const path = tester.getByTestId('relay-path');
  await expect(path).toHaveCount(1);
  const number = async (name: string) => Number(await path.getAttribute(name));
  return {
    rttMs: await number('data-rtt-ms'),
    lossPct: await number('data-loss-pct'),
    pings: await number('data-pings'),
    throughputKbps: await number('data-throughput-kbps'),
    words: (await path.textContent()) ?? '',
  };
}

test('the relay path reads the delay, loss and rate imposed on home A’s link', async () => {
  test.skip(lab.unavailable !== null, lab.unavailable ?? '');
  test.setTimeout(240_000);
  await setNat('a', 'cone', { wired: true });
  await setNat('b', 'cone');
  wire = await startWire('a');
  const person = await openLabPerson(lab.session.browsers.a, 'Tester', await lab.session.homeSite('a', true));
  const page = person.page;
  try {
    // One path: the lab's TURN server over UDP.
    await page.evaluate(
      async ({ url }) => {
        const api = window.traverse!;
        const { ice } = await api.getSettings();
        await api.setSettings({ ice: { ...ice, sharedSecret: { ...ice.sharedSecret, urls: [url] } } });
      },
      { url: `turn:${SERVICE_IP}:3478?transport=udp` },
    );
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const clear = await measured(page);
    const quiet: LinkConditions = { delayMs: ONE_WAY_MS, jitterMs: 0, lossPct: 0 };
    await wire.set({ up: { ...quiet, lossPct: UPLOAD_LOSS_PCT }, down: quiet });
    const lossy = await measured(page);
    await page
      .getByRole('region', { name: 'Server test' })
      .screenshot({ path: 'screenshots/natlab-relay-path-lossy.png' });
    await wire.set({ up: { ...quiet, rateKbit: RATE_KBIT }, down: quiet });
    const limited = await measured(page);
    const counts = await wire.counts();

    const rtt = 4 * ONE_WAY_MS;
    const loss = 100 * (1 - (1 - UPLOAD_LOSS_PCT / 100) ** 2);
    const sigma = 100 * Math.sqrt(((loss / 100) * (1 - loss / 100)) / lossy.pings);
    const lossTolerance = Math.max(2, 3 * sigma);
    console.log(
      [
        '| relay path through the lab TURN, from home A | round trip ms | loss % (pings) | throughput kbit/s |',
        '|---|---|---|---|',
        `| no conditions | ${clear.rttMs.toFixed(1)} | ${clear.lossPct.toFixed(1)} (${clear.pings}) | ${Math.round(clear.throughputKbps)} |`,
        `| imposed: ${ONE_WAY_MS} ms each way, ${UPLOAD_LOSS_PCT} % upload loss | ${rtt} ±${RTT_TOLERANCE * 100} % | ${loss.toFixed(2)} ±${lossTolerance.toFixed(1)} | – |`,
        `| measured | ${lossy.rttMs.toFixed(1)} | ${lossy.lossPct.toFixed(1)} (${lossy.pings}) | ${Math.round(lossy.throughputKbps)} |`,
        `| imposed: ${ONE_WAY_MS} ms each way, upload ${RATE_KBIT} kbit/s | ${rtt} ±${RTT_TOLERANCE * 100} % | 0 | ${RATE_KBIT * THROUGHPUT_RANGE[0]}–${RATE_KBIT * THROUGHPUT_RANGE[1]} |`,
        `| measured | ${limited.rttMs.toFixed(1)} | ${limited.lossPct.toFixed(1)} (${limited.pings}) | ${Math.round(limited.throughputKbps)} |`,
        `rows said: "${lossy.words}" / "${limited.words}"; wire ${JSON.stringify(counts)}`,
      ].join('\n'),
    );
    expect(clear.lossPct, 'no loss without conditions').toBe(0);
    for (const [name, f] of [
      ['lossy', lossy],
      ['rate-limited', limited],
    ] as const) {
      expect(f.rttMs, `${name}: round trip`).toBeGreaterThanOrEqual(rtt * (1 - RTT_TOLERANCE));
      expect(f.rttMs, `${name}: round trip`).toBeLessThanOrEqual(rtt * (1 + RTT_TOLERANCE));
    }
    expect(Math.abs(lossy.lossPct - loss), `loss ${lossy.lossPct} % against ${loss.toFixed(2)} %`).toBeLessThanOrEqual(
      lossTolerance,
    );
    expect(limited.throughputKbps, 'throughput under the rate limit').toBeGreaterThanOrEqual(
      RATE_KBIT * THROUGHPUT_RANGE[0],
    );
    expect(limited.throughputKbps, 'throughput under the rate limit').toBeLessThanOrEqual(
      RATE_KBIT * THROUGHPUT_RANGE[1],
    );
  } finally {
    await page.context().close();
  }
});
