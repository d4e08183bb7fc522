/**
 * Calls that survive a change of network (issue 19), in the NAT lab: home A has two uplinks, each
 * behind its own router and NAT (two-uplinks.ts), and Ana's app there is served by a harness in
 * home A's namespace, so its core watches home A's interfaces and routes as a main process does.
 * Ben is in home B behind a cone. Measured on Ben's side, from the frames his tile of Ana shows
 * (requestVideoFrameCallback): the longest gap across each change. Cells: the active uplink goes
 * down; the default route moves to the other uplink with both up; a VPN comes up (its tunnel takes
 * the default route, vpn.ts) and goes down; a third interface comes and goes (nothing may show).
 * Each asserted and printed.
 */
import { expect, test } from '@playwright/test';
import { framesRising, statesSeen } from './lab-person';
import { labSessionForFile } from './lab-session';
import { flapThirdInterface, removeSecondUplink } from './two-uplinks';
import { gapWords, whenWebRtcSees } from './interface-seen';
import { afterChange, call, gapOfAna, timelineOf, UPLINK_CHANGES } from './uplink-call';
import { restartTileGaps } from '../e2e/tile-gaps';
import { addVpnServer, removeVpn, VPN_CLIENT_ADDRESS, vpnDown, vpnUp } from './vpn';

const lab = labSessionForFile(async () => {
  await removeVpn();
  await removeSecondUplink();
});
const rows: string[] = [];

test.afterAll(() => {
  if (rows.length > 0)
    console.log(
      [
        '\nNetwork changes in home A, seen from home B:',
        '| change | target | longest gap on Ben’s tile of Ana | how the call came back | tile states seen | result |',
        '|---|---|---|---|---|---|',
        ...rows,
      ].join('\n'),
    );
});

/**
 * `assertMs`: the gap the test fails above. The route move's target (< 1 s) was met in four runs of
 * four with the kernel's events (0.40-0.47 s, 2 December) but not always with the 1 s poll alone
 * (0.43-1.05 s). The VPN coming up takes 2.7-4.0 s (five runs, 3 December): for about 4 s after
 * vpn0 came up, Chromium's WebRTC gathered nothing on it (interface-seen.ts), only on eth0 and eth1,
 * whose packets now enter the tunnel with a source the VPN server does not route back. So that
 * cell's target counts from when a fresh connection in Ana's page first gathers on vpn0
 * (`newInterface`), and its whole gap is asserted under 5 s.
 * The old pair stops at once, since its packets now leave by the other router's NAT (or the
 * tunnel); the call comes back once the watch has seen the move, the signaling connection is
 * renewed and the app rejoins. Before the signaling connection was renewed on such a change,
 * neither cell came back at all within 30 s: the ICE restart's offer went into the dead connection.
 */
interface Cell {
  change: string;
  targetMs: number;
  assertMs: number;
  /** What happens first, in the call (awaited until the call is back), before the change measured. */
  setUp?: { act: () => Promise<void>; noted: RegExp };
  act: () => Promise<void>;
  noted: RegExp;
  /** An address the change brings (a new interface's): the target counts from when Chromium's WebRTC gathers there. */
  newInterface?: string;
}

/** The VPN's cells: its tunnel takes the default route (as the route move), then gives it back. */
const vpnComesUp = {
  act: async () => {
    await addVpnServer();
    await vpnUp();
  },
  noted: /default route moved from eth0 to vpn0[^\n]*ICE restart/,
};

const CELLS: Cell[] = [
  {
    change: 'the active uplink goes down (eth0 link down)',
    targetMs: 5_000,
    assertMs: 5_000,
    ...UPLINK_CHANGES['link-down'],
  },
  {
    change: 'the default route moves to the other uplink, both up',
    targetMs: 1_000,
    assertMs: 5_000,
    ...UPLINK_CHANGES['route-move'],
  },
  {
    change: 'a VPN comes up: its tunnel interface takes the default route',
    targetMs: 1_000,
    assertMs: 5_000,
    ...vpnComesUp,
    newInterface: VPN_CLIENT_ADDRESS,
  },
  {
    change: 'the VPN goes down: its tunnel interface and route go away',
    targetMs: 5_000,
    assertMs: 5_000,
    setUp: vpnComesUp,
    act: vpnDown,
    noted: /lost 10\.99\.0\.2[^\n]*ICE restart|default route moved from vpn0 to eth0[^\n]*ICE restart/,
  },
];

for (const cell of CELLS) {
  const title =
    cell.assertMs === cell.targetMs
      ? `media back, the longest gap under ${cell.targetMs} ms`
      : cell.newInterface
        ? `media back within ${cell.assertMs / 1000} s, and within ${cell.targetMs} ms of Chromium's WebRTC seeing the new interface`
        : `media back within ${cell.assertMs / 1000} s (the gap printed against the issue's ${cell.targetMs} ms)`;
  test(`${cell.change}: ${title}`, async () => {
    test.skip(lab.unavailable !== null, lab.unavailable ?? '');
    test.setTimeout(150_000);
    const [ana, ben] = await call(lab.session);
    try {
      let since: string | undefined;
      if (cell.setUp) {
        await cell.setUp.act();
        await afterChange(ana, ben, cell.setUp.noted);
        since = await timelineOf(ana);
      }
      await restartTileGaps(ben.page);
      const seen = cell.newInterface ? whenWebRtcSees(ana.page, cell.newInterface) : undefined;
      await cell.act();
      const changedAt = Date.now();
      const { gap, how } = await afterChange(ana, ben, cell.noted, since);
      const { words, appMs } = gapWords(gap, changedAt, await seen);
      const states = await statesSeen(ben.page);
      rows.push(
        `| ${cell.change} | < ${cell.targetMs} ms | ${words} | ${how} | ${states.join(', ')} | ${appMs < cell.targetMs ? 'met' : '**not met**'} |`,
      );
      console.log(`${cell.change}: gap ${words}; Ana's timeline:\n  ${await timelineOf(ana)}`);
      expect(gap, 'the longest gap on Ben’s tile of Ana').toBeLessThan(cell.assertMs);
      if (cell.newInterface)
        expect(appMs, 'the gap after Chromium could use the new interface').toBeLessThan(cell.targetMs);
    } finally {
      await ana.page.context().close();
      await ben.page.context().close();
      await removeVpn();
    }
  });
}

test('a third interface comes and goes: nothing the people see changes', async () => {
  test.skip(lab.unavailable !== null, lab.unavailable ?? '');
  test.setTimeout(150_000);
  const [ana, ben] = await call(lab.session);
  try {
    await restartTileGaps(ben.page);
    await flapThirdInterface(() =>
      expect
        .poll(() => timelineOf(ana), { timeout: 20_000 })
        .toMatch(/gained 192\.0\.2\.77[^\n]*nothing to do/)
        .then(() => undefined),
    );
    await expect.poll(() => timelineOf(ana), { timeout: 20_000 }).toMatch(/lost 192\.0\.2\.77[^\n]*nothing to do/);
    expect(await framesRising(ben.tile('Ana'))).toBe(true);
    const gap = await gapOfAna(ben.page);
    const states = [...new Set([...(await statesSeen(ana.page)), ...(await statesSeen(ben.page))])];
    rows.push(
      `| a third interface comes and goes | nothing visible | ${gap} ms | – | ${states.join(', ')} | ${states.every((s) => /^(Connected|Relayed)$/.test(s)) ? 'met' : '**not met**'} |`,
    );
    expect(
      states.filter((s) => !/^(Connected|Relayed)$/.test(s)),
      'tile states other than connected',
    ).toEqual([]);
    expect(await timelineOf(ana)).not.toMatch(/ICE restart (now|in)/);
  } finally {
    await ana.page.context().close();
    await ben.page.context().close();
  }
});
