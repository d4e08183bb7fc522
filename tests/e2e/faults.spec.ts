/**
 * Calls that survive faults: coturn restarted mid-call under relay-only, and
 * a TURN outage that outlasts recovery, in real Chromium.
 */
import { expect, expectRising } from './people';
import { labTest, startTurnLab, stopTurnLab, type TurnLab } from './turn-lab';

let lab: TurnLab;
const test = labTest(() => lab);

test.beforeAll(async () => {
  lab = await startTurnLab();
});
test.afterAll(() => stopTurnLab(lab));

test('coturn restarted mid-call under relay-only: the call comes back by ICE restart', async ({ pair }) => {
  const { ana, ben, benOnAna } = await pair('turn-restart', true);
  await expectRising(benOnAna, 'data-frames-decoded');

  const restartedAt = Date.now();
  await lab.restartCoturn();
  // The old allocations are gone with the old process: the link notices the stall and restarts ICE at
  // once, so "Reconnecting" may show for less than a poll; the timeline below proves the restart.
  await expect(benOnAna).toHaveAttribute('data-state', 'Relayed', { timeout: 30_000 });
  await expectRising(benOnAna, 'data-frames-decoded');
  // Whichever side's recovery fires first restarts ICE; its restart offer may bring the other side back before
  // that side's own grace period ends, so one timeline (either) records the attempt.
  for (const p of [ana, ben]) await p.page.getByRole('button', { name: 'Diagnostics' }).click();
  const attempts = [ana, ben].map((p) =>
    p.page
      .getByRole('complementary', { name: 'Diagnostics panel' })
      .getByRole('listitem')
      .filter({ hasText: 'recovery attempt 1' }),
  );
  await expect
    .poll(async () => (await Promise.all(attempts.map((a) => a.count()))).reduce((a, b) => a + b), {
      timeout: 30_000,
    })
    .toBeGreaterThanOrEqual(1);
  await expect(benOnAna).toHaveAttribute('data-state', 'Relayed', { timeout: 30_000 });
  console.log(`coturn restart: relayed call back ${Date.now() - restartedAt} ms after the restart`);
  await expectRising(benOnAna, 'data-frames-decoded');
});

test('a TURN outage that outlasts recovery ends with "call lost: relay server unreachable", not a frozen tile', async ({
  pair,
}) => {
  test.setTimeout(180_000);
  const { ana, benOnAna } = await pair('turn-outage', true);
  const { port, secret } = lab.coturn;
  await lab.coturn.stop();
  try {
    await expect(benOnAna).toHaveAttribute('data-state', 'Reconnecting', { timeout: 30_000 });
    await expect(benOnAna).toHaveAttribute('data-state', 'Failed', { timeout: 120_000 });
    await expect(ana.page.getByRole('alert')).toContainText('Call with Ben lost: relay server unreachable');
    await ana.page.screenshot({ path: 'screenshots/call-lost-relay-unreachable.png' });
  } finally {
    const { startCoturn } = await import('../support/coturn');
    lab.coturn = await startCoturn({ port, secret });
  }
});
