/**
 * The NAT behaviour probe (issue 18) inside each lab home: the same core the
 * main process runs, started in the home's namespace, asks two coturns on the
 * lab's internet (one with two addresses, so RFC 5780 tests run; one plain on a
 * third address) and must classify the NAT as the lab built it. Every cell is
 * asserted and the whole matrix printed as a table.
 */
import { expect, test } from '@playwright/test';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { natBehaviourSchema, type NatBehaviour } from '../../shared/nat-behaviour';
import { natWords } from '../../shared/nat-words';
import { startCoturn, type Coturn } from '../support/coturn';
import {
  createLab,
  destroyLab,
  HOMES,
  INET,
  inNamespace,
  ip,
  labUnavailable,
  SERVICE_IP,
  setNat,
  type NatKind,
} from './lab';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** coturn's second address (RFC 5780's "other address") and a plain server's, beside SERVICE_IP. */
const OTHER_IP = '198.51.100.101';
const PLAIN_IP = '198.51.100.102';

interface Expected {
  verdict: NatBehaviour['verdict'];
  mapping: NatBehaviour['mapping'];
  filtering: NatBehaviour['filtering'];
  publicAddressIsLocal: boolean | null;
}

/** What each kind the lab builds is, in RFC 4787 terms (lab.ts: MASQUERADE, --random, a UDP DROP). */
const CELLS: { kind: NatKind; expected: Expected }[] = [
  {
    kind: 'none',
    expected: {
      verdict: 'keeps-port',
      mapping: 'endpoint-independent',
      filtering: 'endpoint-independent',
      publicAddressIsLocal: true,
    },
  },
  {
    kind: 'cone',
    expected: {
      verdict: 'keeps-port',
      mapping: 'endpoint-independent',
      filtering: 'address-and-port-dependent',
      publicAddressIsLocal: false,
    },
  },
  {
    kind: 'symmetric',
    expected: {
      verdict: 'changes-port',
      mapping: 'address-and-port-dependent',
      filtering: 'address-and-port-dependent',
      publicAddressIsLocal: false,
    },
  },
  {
    kind: 'udp-blocked',
    expected: { verdict: 'udp-blocked', mapping: 'unknown', filtering: 'unknown', publicAddressIsLocal: null },
  },
];

let unavailable: string | null = null;
const coturns: Coturn[] = [];
const rows: string[] = [];

async function probeIn(home: string): Promise<NatBehaviour> {
  const servers = [
    { urls: `stun:${SERVICE_IP}:3478` },
    { urls: [`turn:${PLAIN_IP}:3478?transport=udp`, `turn:${PLAIN_IP}:3478?transport=tcp`] },
  ];
  const script = 'tests/natlab/nat-behaviour-probe.ts';
  const [command, args] = inNamespace(home, process.execPath, ['--import', 'tsx', script, JSON.stringify(servers)]);
  const { stdout } = await promisify(execFile)(command, args, { cwd: ROOT, timeout: 60_000 });
  const line = stdout.split('\n').find((l) => l.startsWith('NAT RESULT '));
  if (!line) throw new Error(`the probe printed no result:\n${stdout}`);
  return natBehaviourSchema.parse(JSON.parse(line.slice('NAT RESULT '.length)));
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  unavailable = await labUnavailable();
  if (unavailable) {
    console.log(`NAT lab SKIPPED: ${unavailable}`);
    return;
  }
  await createLab();
  for (const address of [OTHER_IP, PLAIN_IP]) await ip(INET, 'addr', 'add', `${address}/32`, 'dev', 'lo');
  // Two listening addresses of one family turn on coturn's RFC 5780; the other server has none.
  coturns.push(
    await startCoturn({
      netns: INET,
      listeningIp: SERVICE_IP,
      port: 3478,
      allowLoopbackPeers: false,
      extra: [`--listening-ip=${OTHER_IP}`, '--alt-listening-port=3479'],
    }),
  );
  coturns.push(
    await startCoturn({
      netns: INET,
      listeningIp: PLAIN_IP,
      port: 3478,
      allowLoopbackPeers: false,
      extra: ['--no-rfc5780'],
    }),
  );
});

test.afterAll(async () => {
  for (const coturn of coturns.splice(0)) await coturn.stop().catch(() => undefined);
  if (unavailable === null) await destroyLab();
  if (rows.length > 0)
    console.log(
      [
        '\nNAT behaviour probe per home:',
        '| lab NAT | verdict | mapping | filtering | public address is local | RFC 5780 | ms | headline | as built |',
        '|---|---|---|---|---|---|---|---|---|',
        ...rows,
      ].join('\n'),
    );
});

for (const { kind, expected } of CELLS) {
  test(`home behind ${kind} NAT is classified as ${expected.verdict}`, async () => {
    test.skip(unavailable !== null, unavailable ?? '');
    await setNat('a', kind);
    const result = await probeIn(HOMES.a.home);
    const seen: Expected = {
      verdict: result.verdict,
      mapping: result.mapping,
      filtering: result.filtering,
      publicAddressIsLocal: result.publicAddressIsLocal,
    };
    const matches = JSON.stringify(seen) === JSON.stringify(expected);
    rows.push(
      `| ${kind} | ${result.verdict} | ${result.mapping} | ${result.filtering} | ${String(result.publicAddressIsLocal)} | ${result.rfc5780 ? 'yes' : 'no'} | ${result.durationMs} | ${natWords(result).headline} | ${matches ? 'yes' : '**no**'} |`,
    );
    console.log(`${kind}: ${JSON.stringify(result)}`);
    expect(seen, `the probe in a home behind the lab's ${kind} NAT`).toEqual(expected);
    if (kind === 'udp-blocked') expect(result.tcpAnswered).toBe(true);
    else expect(result.rfc5780).toBe(true);
  });
}
