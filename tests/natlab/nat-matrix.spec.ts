/**
 * The NAT matrix in real network stacks: two homes behind routers of each NAT
 * kind, Chromium inside each home, the harness and coturn on the "internet".
 * Each cell records whether the call connects, the selected pair as the app's
 * diagnostics panel reports it, and the path the packets really took (counted
 * in the internet namespace), then asserts all three against the expectation.
 */
import { chromium, expect, test, type Browser } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS } from '../chromium';
import { startCoturn, type Coturn } from '../support/coturn';
import { spawnUntilLog, type LoggedProcess } from '../support/spawn-until-log';
import {
  createLab,
  destroyLab,
  HOMES,
  INET,
  inNamespace,
  labUnavailable,
  readCounters,
  resetCounters,
  SERVICE_IP,
  setNat,
  type HomeId,
  type PathCounters,
} from './lab';
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
import { recordCell } from './results';

const PORT = 8080;
const ORIGIN = `http://${SERVICE_IP}:${PORT}`;
const TOKEN = randomBytes(18).toString('base64url');
const WRAPPER = fileURLToPath(new URL('./chromium-in-netns.sh', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** A call that has not connected by now is not going to: ICE has tried every pair several times. */
const CONNECT_MS = 25_000;
const LIVE = /^(Connected|Relayed)$/;

let unavailable: string | null = null;
let coturn: Coturn | undefined;
let harness: LoggedProcess | undefined;
const browsers: Partial<Record<HomeId, Browser>> = {};

/** Starts the harness inside the internet namespace and resolves when it says it listens there. */
function startLabHarness(): Promise<LoggedProcess> {
  const [command, args] = inNamespace(INET, process.execPath, ['--import', 'tsx', 'tests/natlab/lab-harness.ts']);
  return spawnUntilLog(command, args, {
    name: 'the lab harness',
    cwd: ROOT,
    env: { ...process.env, HARNESS_PORT: String(PORT), HARNESS_TOKEN: TOKEN, NATLAB_SERVICE_IP: SERVICE_IP },
    until: 'NATLAB READY',
    timeoutMs: 60_000,
    killAfterMs: 5_000,
  });
}

function launchIn(id: HomeId): Promise<Browser> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  env.NATLAB_NETNS = HOMES[id].home;
  return chromium.launch({
    executablePath: WRAPPER,
    env,
    args: [
      ...CHROMIUM_ARGS,
      // The page comes from a lab address, not loopback; camera and microphone need a secure context.
      `--unsafely-treat-insecure-origin-as-secure=${ORIGIN}`,
      // With media permission granted Chromium exposes host addresses anyway; this makes it certain,
      // since mDNS names cannot be resolved across namespaces and would turn host pairs into prflx.
      '--disable-features=WebRtcHideLocalIpsWithMdns',
    ],
  });
}

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
  const site = {
    origin: ORIGIN,
    token: TOKEN,
    server: `${SERVICE_IP}:3478`,
    turnSecret: cell.turn ? coturn!.secret : null,
  };
  const ana = await openLabPerson(browsers.a!, 'Ana', site);
  const ben = await openLabPerson(browsers.b!, 'Ben', site);
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

test.beforeAll(async () => {
  test.setTimeout(120_000);
  unavailable = await labUnavailable();
  if (unavailable) {
    console.log(`NAT lab SKIPPED: ${unavailable}`);
    return;
  }
  await createLab();
  await setNat('a', 'none');
  await setNat('b', 'none');
  // Lab addresses are documentation ranges, which coturn does not deny by default; loopback peers are not needed here.
  coturn = await startCoturn({ netns: INET, listeningIp: SERVICE_IP, port: 3478, allowLoopbackPeers: false });
  harness = await startLabHarness();
  browsers.a = await launchIn('a');
  browsers.b = await launchIn('b');
});

test.afterAll(async () => {
  await Promise.all(Object.values(browsers).map((b) => b?.close()));
  await harness?.stop();
  await coturn?.stop();
  // Whatever happened above, no lab namespace outlives the run.
  if (!unavailable) await destroyLab();
});

CELLS.forEach((cell, index) => {
  test(cellTitle(cell), async () => {
    test.skip(unavailable !== null, unavailable ?? '');
    test.setTimeout(120_000);
    const result = await runCell(cell, index);
    await recordCell(result);
    console.log(
      `${cellTitle(cell)}: ${result.connected ? 'connected' : 'no call'}; A ${result.a_view.localType}/${result.a_view.remoteType}, B ${result.b_view.localType}/${result.b_view.remoteType}; wire ${JSON.stringify(result.wire)} (${result.ms} ms)`,
    );
    expect(result.problems, cellTitle(cell)).toEqual([]);
  });
});
