/**
 * The NAT matrix in real network stacks: two homes behind routers of each NAT
 * kind, Chromium inside each home, the harness and coturn on the "internet".
 * Each cell records whether the call connects, the selected pair as the app's
 * diagnostics panel reports it, and the path the packets really took (counted
 * in the internet namespace), then asserts all three against the expectation.
 */
import { expect, test } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { readCounters, resetCounters, setNat, type PathCounters } from './lab';
import {
  CELLS,
  cellTitle,
  judge,
  panelRelayed,
  wirePathOf,
  type Cell,
  type CellResult,
  type PanelView,
} from './matrix';
import { framesRising, join, openLabPerson, outcome, readPanel, timelineOf, type LabPerson } from './lab-person';
import { labSessionForFile } from './lab-session';
import { recordCell } from './results';

/** A call that has not connected by now is not going to: ICE has tried every pair several times. */
const CONNECT_MS = 25_000;
const LIVE = /^(Connected|Relayed)$/;

const lab = labSessionForFile();

/** Counts packets until enough media has crossed the internet to tell its path. */
async function measureWire(): Promise<PathCounters> {
  await resetCounters();
  let last: PathCounters = { direct: 0, relayUdp: 0, relayTcp: 0 };
  await expect
    .poll(
      async () => {
        last = await readCounters();
        return Math.max(last.direct, last.relayUdp + last.relayTcp);
      },
      { timeout: 10_000 },
    )
    .toBeGreaterThan(300)
    .catch(() => undefined);
  return last;
}

/** ICE may nominate a relay pair first and move to a better one: waits (bounded) for the expected path. */
async function settle(cell: Cell, ana: LabPerson, ben: LabPerson): Promise<void> {
  for (const person of [ana, ben]) await person.page.getByRole('button', { name: 'Diagnostics' }).click();
  const wantRelay = cell.expected === 'relay' || cell.expected === 'relay-tcp';
  await expect
    .poll(
      async () => {
        const a = await readPanel(ana, 'Ben');
        const b = await readPanel(ben, 'Ana');
        const protocolOk = cell.expected !== 'relay-tcp' || a.relayProtocol === 'tcp';
        const pathOk = cell.expected === 'connects' || (panelRelayed(a) === wantRelay && panelRelayed(b) === wantRelay);
        return a.localType !== null && b.localType !== null && pathOk && protocolOk;
      },
      { timeout: 15_000 },
    )
    .toBe(true)
    .catch(() => undefined);
}

function emptyView(tileState: string): PanelView {
  return { tileState, localType: null, remoteType: null, relayProtocol: null, badge: null, framesRising: false };
}

async function runCell(cell: Cell, index: number): Promise<CellResult> {
  const started = Date.now();
  await setNat('a', cell.a);
  await setNat('b', cell.b);
  const site = lab.session.site(cell.turn);
  const ana = await openLabPerson(lab.session.browsers.a, 'Ana', site);
  const ben = await openLabPerson(lab.session.browsers.b, 'Ben', site);
  try {
    const room = `natlab-${index}-${randomBytes(3).toString('hex')}`;
    await join(ana, 'Ana', room);
    await join(ben, 'Ben', room);
    await expect(ana.tile('Ben')).toBeVisible();
    await expect(ben.tile('Ana')).toBeVisible();
    const [stateA, stateB] = await Promise.all([
      outcome(ana.tile('Ben'), CONNECT_MS),
      outcome(ben.tile('Ana'), CONNECT_MS),
    ]);
    const connected = LIVE.test(stateA) && LIVE.test(stateB);
    let [a, b] = [emptyView(stateA), emptyView(stateB)];
    let wire: PathCounters | null = null;
    if (connected) {
      await settle(cell, ana, ben);
      const [risingA, risingB] = await Promise.all([framesRising(ana.tile('Ben')), framesRising(ben.tile('Ana'))]);
      wire = await measureWire();
      a = { ...(await readPanel(ana, 'Ben')), framesRising: risingA };
      b = { ...(await readPanel(ben, 'Ana')), framesRising: risingB };
    }
    const problems = judge(cell, connected, a, b, wire);
    // The app's own timeline says what ICE did; the lead needs it more than a bare "did not connect".
    if (problems.length > 0) {
      for (const [who, person] of [['A', ana] as const, ['B', ben] as const]) {
        console.log(`${cellTitle(cell)}: ${who}'s timeline, newest first:\n  ${await timelineOf(person, connected)}`);
      }
    }
    const result = { connected, a_view: a, b_view: b, wire, wirePath: wirePathOf(wire), problems };
    return { ...cell, ...result, ms: Date.now() - started };
  } finally {
    await ana.page.context().close();
    await ben.page.context().close();
  }
}

CELLS.forEach((cell, index) => {
  test(cellTitle(cell), async () => {
    test.skip(lab.unavailable !== null, lab.unavailable ?? '');
    test.setTimeout(120_000);
    const result = await runCell(cell, index);
    await recordCell(result);
    console.log(
      `${cellTitle(cell)}: ${result.connected ? 'connected' : 'no call'}; A ${result.a_view.localType}/${result.a_view.remoteType}, B ${result.b_view.localType}/${result.b_view.remoteType}; wire ${JSON.stringify(result.wire)} (${result.ms} ms)`,
    );
    expect(result.problems, cellTitle(cell)).toEqual([]);
  });
});
