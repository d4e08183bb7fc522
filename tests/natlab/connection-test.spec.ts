/**
 * The connection test inside each lab home (issue 18): the app's own "Test servers", served by a
 * harness in home A's namespace so its core measures the NAT from the home as a person's main
 * process would, must classify the NAT as the lab built it and name the way a call will go. Then a
 * real call from that home to a home behind a port-restricted cone must take exactly that way.
 * Every cell is asserted and the matrix printed.
 */
import { expect, test, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import type { RungId } from '../../shared/connection-ladder';
import type { NatVerdict } from '../../shared/nat-behaviour';
import { startCoturn, type Coturn } from '../support/coturn';
import { INET, ip, setNat, type NatKind } from './lab';
import { join, openLabPerson, outcome, readPanel, type LabPerson } from './lab-person';
import { labSessionForFile } from './lab-session';
import { panelRelayed, type PanelView } from './matrix';

/** A second TURN server on another address: the NAT test compares the ports two destinations see. */
const SECOND_STUN_IP = '198.51.100.102';
let second: Coturn | undefined;
const lab = labSessionForFile(async () => second?.stop());
const rows: string[] = [];

/** What the lab builds, what the test must call it, and the way the ladder must name for a call to a cone. */
const CELLS: { kind: NatKind; verdict: NatVerdict; carrier: RungId }[] = [
  { kind: 'none', verdict: 'keeps-port', carrier: 'direct' },
  { kind: 'cone', verdict: 'keeps-port', carrier: 'direct' },
  { kind: 'symmetric', verdict: 'changes-port', carrier: 'turn-udp' },
  { kind: 'udp-blocked', verdict: 'udp-blocked', carrier: 'turn-tcp' },
];

test.beforeAll(async () => {
  if (lab.unavailable !== null) return;
  await ip(INET, 'addr', 'add', `${SECOND_STUN_IP}/32`, 'dev', 'lo');
  // The same secret as the lab's coturn: shared-secret mode mints one set of credentials for every URL.
  second = await startCoturn({
    netns: INET,
    listeningIp: SECOND_STUN_IP,
    port: 3478,
    allowLoopbackPeers: false,
    secret: lab.session.coturn.secret,
  });
});

test.afterAll(() => {
  if (rows.length > 0)
    console.log(
      [
        '\nConnection test inside home A (home B behind a port-restricted cone):',
        '| lab NAT | NAT test says | ladder: calls go | call really went | as predicted |',
        '|---|---|---|---|---|',
        ...rows,
      ].join('\n'),
    );
});

/** Home A's own app: TURN (UDP and TCP) and a second TURN server (UDP), Settings open, a finished connection test. */
async function connectionTest(page: Page): Promise<{ verdict: string; carrier: string; headline: string }> {
  // Shared-secret mode gives calls its TURN URLs only; a TURN server answers STUN too, so the second is one.
  await page.evaluate(
    async ({ extra }) => {
      const api = window.traverse!;
      const { ice } = await api.getSettings();
      await api.setSettings({
        ice: { ...ice, sharedSecret: { ...ice.sharedSecret, urls: [...ice.sharedSecret.urls, extra] } },
      });
    },
    { extra: `turn:${SECOND_STUN_IP}:3478?transport=udp` },
  );
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const tester = page.getByRole('region', { name: 'Server test' });
  await tester.getByRole('button', { name: 'Test servers' }).click();
  await expect(tester.getByTestId('server-test-verdict')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  const nat = tester.getByTestId('nat-behaviour');
  await expect(nat).toBeVisible();
  const headline = tester.getByTestId('ladder-headline');
  return {
    verdict: (await nat.getAttribute('data-verdict')) ?? '',
    carrier: (await headline.getAttribute('data-carrier')) ?? '',
    headline: (await headline.textContent()) ?? '',
  };
}

/** The way a live call took, as Ana's panel shows it, once ICE has settled on the way expected (bounded). */
async function wayOf(ana: LabPerson, want: RungId): Promise<{ way: RungId | 'none'; view: PanelView }> {
  await ana.page.getByRole('button', { name: 'Diagnostics' }).click();
  const way = (v: PanelView): RungId | 'none' =>
    v.localType === null ? 'none' : !panelRelayed(v) ? 'direct' : v.relayProtocol === 'tcp' ? 'turn-tcp' : 'turn-udp';
  let view = await readPanel(ana, 'Ben');
  // ICE may nominate a relay first and move to a better pair: wait for the expected way, then read what is.
  await expect
    .poll(async () => way((view = await readPanel(ana, 'Ben'))), { timeout: 15_000 })
    .toBe(want)
    .catch(() => undefined);
  return { way: way(view), view };
}

for (const cell of CELLS) {
  test(`home A behind ${cell.kind}: the connection test says ${cell.verdict} and ${cell.carrier}, and the call goes that way`, async () => {
    test.skip(lab.unavailable !== null, lab.unavailable ?? '');
    test.setTimeout(180_000);
    await setNat('a', cell.kind);
    await setNat('b', 'cone');
    const own = await openLabPerson(lab.session.browsers.a, 'Tester', await lab.session.homeSite('a', true));
    let said: Awaited<ReturnType<typeof connectionTest>>;
    try {
      said = await connectionTest(own.page);
      await own.page
        .getByRole('region', { name: 'How calls will go' })
        .screenshot({ path: `screenshots/natlab-connection-test-${cell.kind}.png` });
    } finally {
      await own.page.context().close();
    }
    const site = lab.session.site(true);
    const ana = await openLabPerson(lab.session.browsers.a, 'Ana', site);
    const ben = await openLabPerson(lab.session.browsers.b, 'Ben', site);
    try {
      const room = `conntest-${randomBytes(3).toString('hex')}`;
      await join(ana, 'Ana', room);
      await join(ben, 'Ben', room);
      const state = await outcome(ana.tile('Ben'), 25_000);
      const { way, view } = await wayOf(ana, cell.carrier);
      const predicted = said.carrier === way;
      rows.push(
        `| ${cell.kind} | ${said.verdict} | ${said.carrier}: ${said.headline} | ${way} (${view.localType} → ${view.remoteType}${view.relayProtocol ? `, ${view.relayProtocol}` : ''}) | ${predicted && said.verdict === cell.verdict ? 'yes' : '**no**'} |`,
      );
      console.log(`${cell.kind}: test said ${JSON.stringify(said)}; tile ${state}; call went ${way}`);
      expect(said.verdict, 'the NAT as the lab built it').toBe(cell.verdict);
      expect(said.carrier, `the way the ladder names (${said.headline})`).toBe(cell.carrier);
      expect(state, 'the call connects').toMatch(/^(Connected|Relayed)$/);
      expect(way, 'the way the call really went').toBe(said.carrier);
    } finally {
      await ana.page.context().close();
      await ben.page.context().close();
    }
  });
}
