/**
 * Relay-only and the diagnostics panel, in real Chromium through a real
 * coturn. The harness runs in this process so the test can see, on the
 * server side, every candidate that crossed signaling.
 */
import { readFile } from 'node:fs/promises';
import { counter, expect, expectRising, type Person } from './people';
import { labTest, startTurnLab, stopTurnLab, type TurnLab } from './turn-lab';

let lab: TurnLab;
const test = labTest(() => lab);

test.beforeAll(async () => {
  lab = await startTurnLab();
});
test.afterAll(() => stopTurnLab(lab));
test.beforeEach(() => {
  lab.crossed.length = 0;
});

async function openPanel(person: Person) {
  await person.page.getByRole('button', { name: 'Diagnostics' }).click();
  return person.page.getByRole('complementary', { name: 'Diagnostics panel' });
}

test('relay-only from the start: both sides relay through coturn, and no address crosses signaling', async ({
  person,
}) => {
  const ana = await person('Ana', true);
  const ben = await person('Ben', true);
  await ana.join('relayed');
  await ben.join('relayed');
  for (const [me, other] of [
    [ana, 'Ben'],
    [ben, 'Ana'],
  ] as const) {
    await expect(me.tile(other)).toHaveAttribute('data-state', 'Relayed');
    const panel = await openPanel(me);
    await expect(panel.getByTestId('selected-local-type')).toHaveAttribute('data-type', 'relay');
    await expect(panel.getByTestId('selected-relay-protocol')).toHaveText('udp');
    await expect(panel.getByTestId('selected-turn-url')).toHaveText(`turn:127.0.0.1:${lab.coturn.port}?transport=udp`);
    await expect(me.page.getByText('IP hidden', { exact: true })).toBeVisible();
    await expectRising(me.tile(other), 'data-frames-decoded');
  }
  await lab.coturn.waitForLog(/ALLOCATE processed, success/);
  expect(lab.crossed.length).toBeGreaterThan(0);
  expect(lab.crossed.filter((c) => c.type !== 'relay')).toEqual([]);
  await ana.page.screenshot({ path: 'screenshots/diagnostics-relayed.png' });
});

test('direct call lists host candidates; Relay only mid-call moves to relay and back while video keeps decoding', async ({
  pair,
}) => {
  const { ana, benOnAna } = await pair('switch', false);
  const panel = await openPanel(ana);
  await expect(panel.getByTestId('selected-local-type')).toHaveAttribute('data-type', 'host');
  await expect(
    panel.getByLabel('Local candidates (gathered)').locator('tr[data-candidate-type="host"]').first(),
  ).toBeVisible();
  expect(lab.crossed.some((c) => c.type === 'host')).toBe(true);
  await expect(ana.page.getByText('IP hidden', { exact: true })).toHaveCount(0);

  // The graphs move: more points, and a second screenshot differs from the first.
  const chart = panel.getByRole('figure', { name: 'Round trip graph' });
  const points = Number(await chart.getAttribute('data-points'));
  await ana.page.screenshot({ path: 'screenshots/diagnostics-direct-1.png' });
  await expect.poll(async () => Number(await chart.getAttribute('data-points'))).toBeGreaterThan(points + 2);
  await ana.page.screenshot({ path: 'screenshots/diagnostics-direct-2.png' });
  // Every chart, whole: axis labels such as "2500 kb/s" must fit their axis.
  await panel.getByRole('region', { name: 'Graphs' }).screenshot({ path: 'screenshots/diagnostics-graphs.png' });
  // And the plot areas line up, so one moment sits at the same x in every chart.
  const plotAreas = panel.getByRole('region', { name: 'Graphs' }).locator('.u-over');
  await expect(plotAreas).toHaveCount(3);
  await expect
    .poll(
      async () =>
        new Set(await plotAreas.evaluateAll((areas) => areas.map((a) => Math.round(a.getBoundingClientRect().left))))
          .size,
    )
    .toBe(1);
  // Time labels are centred on their ticks: each chart leaves room right of its plot for half of the last one.
  const rightGaps = await panel
    .getByRole('region', { name: 'Graphs' })
    .locator('.uplot')
    .evaluateAll((charts) =>
      charts.map(
        (c) =>
          c.getBoundingClientRect().right - (c.querySelector('.u-over')?.getBoundingClientRect().right ?? Infinity),
      ),
    );
  expect(Math.min(...rightGaps)).toBeGreaterThanOrEqual(25);

  const switchedAt = Date.now();
  await ana.page.getByRole('switch', { name: 'Relay only' }).click();
  await expect(ana.page.getByRole('switch', { name: 'Relay only' })).toHaveAttribute('aria-checked', 'true');
  await expect(panel.getByTestId('selected-local-type')).toHaveAttribute('data-type', 'relay');
  console.log(
    `Relay only: selected pair moved to relay ${Date.now() - switchedAt} ms after the click (as the panel saw it)`,
  );
  await expect(benOnAna).toHaveAttribute('data-state', 'Relayed');
  await expectRising(benOnAna, 'data-frames-decoded');
  // Addresses went out before the switch, so the app must not claim they are hidden.
  await expect(ana.page.getByText('your address was shared before Relay only was on')).toBeVisible();
  await expect(panel.getByRole('listitem').filter({ hasText: 'ICE transport policy: relay' })).toBeVisible();

  await ana.page.getByRole('switch', { name: 'Relay only' }).click();
  await expect(panel.getByTestId('selected-local-type')).toHaveAttribute('data-type', 'host');
  await expect(benOnAna).toHaveAttribute('data-state', 'Connected');
  const frames = await counter(benOnAna, 'data-frames-decoded');
  await expect.poll(() => counter(benOnAna, 'data-frames-decoded')).toBeGreaterThan(frames);
});

test('the exported report has every section and no secret', async ({ pair }) => {
  const { ana } = await pair('report', true);
  const panel = await openPanel(ana);
  await expect(panel.getByTestId('selected-local-type')).toHaveAttribute('data-type', 'relay');
  const download = ana.page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Export report' }).click();
  const file = await (await download).path();
  const text = await readFile(file, 'utf8');
  const report = JSON.parse(text) as Record<string, unknown> & {
    summary: string[];
    peers: Record<string, unknown>[];
    ice: { servers: { credential?: string; username?: string }[] };
  };
  for (const key of ['summary', 'app', 'settings', 'ice', 'providerStatus', 'peers'])
    expect(report).toHaveProperty(key);
  expect(report.summary[0]).toContain('Traverse call report');
  expect(report.summary.join('\n')).toContain('relayed');
  const peer = report.peers[0]!;
  for (const key of ['summary', 'quality', 'hints', 'selectedPath', 'candidates', 'timeline', 'series'])
    expect(peer).toHaveProperty(key);
  expect(report.ice.servers[0]?.credential).toBe('•••••• (set)');
  expect(text).not.toContain(lab.coturn.secret);
  // The minted TURN password a call used is masked too.
  const minted = await ana.page.evaluate(
    async () => (await window.traverse!.getIce()).iceServers.find((s) => s.credential)?.credential ?? '',
  );
  expect(minted).not.toBe('');
  expect(text).not.toContain(minted);
  await expect(panel.getByRole('status').filter({ hasText: 'Report saved as' })).toBeVisible();

  // After hang-up: a summary of the call in the lobby.
  await ana.page.getByRole('button', { name: 'Hang up' }).click();
  const last = ana.page.getByRole('region', { name: 'Last call' });
  await expect(last).toContainText('Ben: connected in');
  await expect(last).toContainText('relayed (udp via turn:127.0.0.1');
  await expect(last).toContainText('% of the time relayed');
  await ana.page.screenshot({ path: 'screenshots/last-call-summary.png' });
});
