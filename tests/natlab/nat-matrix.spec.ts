/**
 * The NAT matrix in real network stacks: two homes behind routers of each NAT
 * kind, Chromium inside each home, the harness and coturn on the "internet".
 * Each cell records whether the call connects, the selected pair as the app's
 * diagnostics panel reports it, and the path the packets really took (counted
 * in the internet namespace), then asserts all three against the expectation.
 */
import { chromium, expect, test, type Browser, type Locator, type Page } from '@playwright/test';
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

interface LabPerson {
  page: Page;
  tile(remote: string): Locator;
}

/** One person in a home: a fresh profile configured for this cell's ICE servers before the app starts a call. */
async function openLabPerson(browser: Browser, name: string, turn: boolean): Promise<LabPerson> {
  const context = await browser.newContext();
  const page = await context.newPage();
  // What the page said, for the failure message: a blank lobby alone explains nothing.
  const said: string[] = [];
  page.on('console', (m) => said.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => said.push(`pageerror: ${e.message}`));
  const profile = `${name}${randomBytes(4).toString('hex')}`;
  await page.goto(`${ORIGIN}/?token=${TOKEN}&profile=${profile}`);
  await page.waitForFunction(() => window.traverse !== undefined);
  const server = `${SERVICE_IP}:3478`;
  await page.evaluate(
    async ({ origin, turn, secret, server }) => {
      const api = window.traverse!;
      const { ice } = await api.getSettings();
      const stun = [{ urls: `stun:${server}` }];
      if (turn) {
        await api.setSecret({ name: 'turn-shared-secret', value: secret });
        await api.setSettings({
          signalingUrl: origin,
          // Shared-secret mode hands Chromium the TURN URLs only; Chromium also uses a UDP TURN server as its STUN server.
          ice: {
            ...ice,
            mode: 'shared-secret',
            servers: stun,
            sharedSecret: { urls: [`turn:${server}?transport=udp`, `turn:${server}?transport=tcp`], user: 'natlab' },
          },
        });
      } else {
        await api.setSettings({ signalingUrl: origin, ice: { ...ice, mode: 'manual', servers: stun } });
      }
    },
    // The harness's embedded signaling URL is its loopback address, which a home cannot reach: point at the lab address.
    { origin: ORIGIN, turn, secret: coturn?.secret ?? '', server },
  );
  await page.reload();
  await expect(
    page.getByRole('button', { name: 'Join' }),
    `${name}'s lobby never offered Join; the page said:\n${said.join('\n')}`,
  ).toBeEnabled();
  return {
    page,
    tile: (remote) =>
      page.locator('figure.tile', { has: page.locator('.tile-name', { hasText: new RegExp(`^${remote}$`) }) }),
  };
}

async function join(person: LabPerson, name: string, room: string): Promise<void> {
  await person.page.getByLabel('Display name').fill(name);
  await person.page.getByLabel('Room').fill(room);
  await person.page.getByRole('button', { name: 'Join' }).click();
}

const stateOf = async (tile: Locator) =>
  (await tile.getAttribute('data-state', { timeout: 2_000 }).catch(() => null)) ?? 'no tile';
const framesOf = async (tile: Locator) =>
  Number((await tile.getAttribute('data-frames-decoded', { timeout: 1_000 }).catch(() => null)) ?? '0');

/** Waits until the tile is live or has failed; a timeout is itself the answer "did not connect". */
async function outcome(tile: Locator): Promise<string> {
  await expect
    .poll(() => stateOf(tile), { timeout: CONNECT_MS, intervals: [250] })
    .toMatch(/^(Connected|Relayed|Failed)$/)
    .catch(() => undefined);
  return stateOf(tile);
}

async function readPanel(person: LabPerson, remote: string): Promise<PanelView> {
  const panel = person.page.getByRole('complementary', { name: 'Diagnostics panel' });
  const attr = (locator: Locator, name: string) => locator.getAttribute(name, { timeout: 2_000 }).catch(() => null);
  const text = (locator: Locator) =>
    locator
      .textContent({ timeout: 2_000 })
      .then((t) => t?.trim() ?? null)
      .catch(() => null);
  const badge = await text(panel.locator('.path-badge'));
  return {
    tileState: await stateOf(person.tile(remote)),
    localType: await attr(panel.getByTestId('selected-local-type'), 'data-type'),
    remoteType: await attr(panel.getByTestId('selected-remote-type'), 'data-type'),
    relayProtocol: await text(panel.getByTestId('selected-relay-protocol')),
    badge: badge === 'Relayed' || badge === 'Direct' ? badge : null,
    framesRising: false,
  };
}

/** Waits (bounded) for new decoded frames: media is flowing now, not just a pair selected. */
async function framesRising(tile: Locator): Promise<boolean> {
  const start = await framesOf(tile);
  return expect
    .poll(() => framesOf(tile), { timeout: 10_000 })
    .toBeGreaterThan(start)
    .then(() => true)
    .catch(() => false);
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

async function runCell(cell: Cell, index: number): Promise<CellResult> {
  const started = Date.now();
  await setNat('a', cell.a);
  await setNat('b', cell.b);
  const ana = await openLabPerson(browsers.a!, 'Ana', cell.turn);
  const ben = await openLabPerson(browsers.b!, 'Ben', cell.turn);
  try {
    const room = `natlab-${index}-${randomBytes(3).toString('hex')}`;
    await join(ana, 'Ana', room);
    await join(ben, 'Ben', room);
    await expect(ana.tile('Ben')).toBeVisible();
    await expect(ben.tile('Ana')).toBeVisible();
    const [stateA, stateB] = await Promise.all([outcome(ana.tile('Ben')), outcome(ben.tile('Ana'))]);
    const connected = LIVE.test(stateA) && LIVE.test(stateB);
    let a: PanelView = {
      tileState: stateA,
      localType: null,
      remoteType: null,
      relayProtocol: null,
      badge: null,
      framesRising: false,
    };
    let b: PanelView = { ...a, tileState: stateB };
    let wire: PathCounters | null = null;
    if (connected) {
      for (const person of [ana, ben]) await person.page.getByRole('button', { name: 'Diagnostics' }).click();
      // ICE may nominate a relay pair first and move to a better one: wait (bounded) for the expected path.
      const wantRelay = cell.expected === 'relay' || cell.expected === 'relay-tcp';
      await expect
        .poll(
          async () => {
            a = await readPanel(ana, 'Ben');
            b = await readPanel(ben, 'Ana');
            const protocolOk = cell.expected !== 'relay-tcp' || a.relayProtocol === 'tcp';
            const pathOk =
              cell.expected === 'connects' || (panelRelayed(a) === wantRelay && panelRelayed(b) === wantRelay);
            return a.localType !== null && b.localType !== null && pathOk && protocolOk;
          },
          { timeout: 15_000 },
        )
        .toBe(true)
        .catch(() => undefined);
      const [risingA, risingB] = await Promise.all([framesRising(ana.tile('Ben')), framesRising(ben.tile('Ana'))]);
      wire = await measureWire();
      a = { ...(await readPanel(ana, 'Ben')), framesRising: risingA };
      b = { ...(await readPanel(ben, 'Ana')), framesRising: risingB };
    }
    const problems = judge(cell, connected, a, b, wire);
    if (problems.length > 0) {
      // The app's own timeline says what ICE did; the lead needs it more than a bare "did not connect".
      for (const [who, person] of [
        ['A', ana],
        ['B', ben],
      ] as const) {
        if (!connected)
          await person.page
            .getByRole('button', { name: 'Diagnostics' })
            .click({ timeout: 2_000 })
            .catch(() => undefined);
        const timeline = await person.page
          .getByLabel('Timeline')
          .innerText({ timeout: 2_000 })
          .catch(() => 'no timeline');
        console.log(
          `${cellTitle(cell)}: ${who}'s timeline, newest first:\n  ${timeline.split('\n').slice(1, 61).join(' ').replace(/ \+/g, '\n  +')}`,
        );
      }
    }
    return {
      ...cell,
      connected,
      a_view: a,
      b_view: b,
      wire,
      wirePath: wirePathOf(wire),
      problems,
      ms: Date.now() - started,
    };
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
