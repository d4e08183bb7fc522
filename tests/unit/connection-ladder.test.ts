/**
 * The connection test's ladder: for each kind of network the lab builds, the way a call takes
 * and why, and no sentence that claims more than was measured (still testing, unknown NAT).
 */
import { describe, expect, it } from 'vitest';
import { MAIN_PROBES_RUNNING } from '../../shared/connection-probes';
import { connectionLadder, ladderNat } from '../../shared/connection-ladder';
import { connectionTestLines } from '../../shared/connection-report';
import type { ServerTestRow, ServerTestRun } from '../../shared/ice-test';
import { planServerTests } from '../../shared/ice-test-plan';
import type { NatBehaviour, NatVerdict } from '../../shared/nat-behaviour';

const creds = { username: '1700000000:ana', credential: 'c2VjcmV0' };
const rows = planServerTests([
  { urls: ['turn:198.51.100.100:3478', 'turns:turn.example.org:443'], ...creds },
  { urls: 'stun:198.51.100.100:3478' },
]).map((t) => t.row);

function result(transport: ServerTestRow['transport'], outcome: ServerTestRow['result'], kind = 'turn'): ServerTestRow {
  const row = rows.find((r) => r.transport === transport && r.kind === kind)!;
  return {
    ...row,
    status: 'done',
    result: outcome,
    problem: outcome === 'ok' ? null : { what: `${row.label}: timed out`, cause: 'c', fix: 'f' },
    path:
      outcome === 'ok'
        ? { connectMs: 40, rttMs: 12, jitterMs: 1, lossPct: 0, pings: 20, throughputKbps: 30_000 }
        : null,
  };
}

function nat(verdict: NatVerdict, local = false): NatBehaviour {
  return {
    verdict,
    mapping: verdict === 'changes-port' ? 'address-and-port-dependent' : 'endpoint-independent',
    filtering: 'unknown',
    publicAddressIsLocal: local,
    rfc5780: false,
    tcpAnswered: verdict === 'udp-blocked' ? true : null,
    servers: [],
    durationMs: 700,
  };
}

const allOk = [result('udp', 'ok'), result('tcp', 'ok'), result('tls', 'ok'), result('udp', 'ok', 'stun')];
const udpBlocked = [result('udp', 'timed-out'), result('tcp', 'ok'), result('tls', 'ok')];
const states = (ladder: ReturnType<typeof connectionLadder>) => ladder.rungs.map((r) => `${r.id}:${r.state}`);

describe('connectionLadder', () => {
  it('no NAT or a NAT that keeps ports: calls go direct, TURN over UDP behind it', () => {
    for (const behaviour of [nat('keeps-port', true), nat('keeps-port')]) {
      const ladder = connectionLadder({ rows: allOk, nat: behaviour, relayOnly: false });
      expect(ladder.carrier).toBe('direct');
      expect(states(ladder)).toEqual(['direct:likely', 'turn-udp:works', 'turn-tcp:works', 'turn-tls:works']);
      expect(ladder.headline).toBe(
        'Calls will go direct where the other person’s network allows it, otherwise through TURN over UDP',
      );
      expect(ladder.fix).toBeNull();
    }
    expect(connectionLadder({ rows: allOk, nat: nat('keeps-port', true), relayOnly: false }).rungs[0]!.why).toMatch(
      /no NAT on the way/,
    );
  });

  it('symmetric NAT: calls go through TURN over UDP, and the ladder says why', () => {
    const ladder = connectionLadder({ rows: allOk, nat: nat('changes-port'), relayOnly: false });
    expect(ladder.carrier).toBe('turn-udp');
    expect(ladder.rungs[0]!.state).toBe('unlikely');
    expect(ladder.headline).toMatch(/^Calls will go through TURN over UDP \(your network changes the public port/);
    expect(ladder.rungs[1]!.why).toBe(
      '198.51.100.100:3478 works: through the relay and back to this computer: round trip 12 ms, jitter 1 ms, 0 % of 20 pings lost, 30 Mbit/s',
    );
  });

  it('UDP blocked: direct fails and calls go through TURN over TCP', () => {
    const ladder = connectionLadder({ rows: udpBlocked, nat: nat('udp-blocked'), relayOnly: false });
    expect(states(ladder)).toEqual(['direct:fails', 'turn-udp:fails', 'turn-tcp:works', 'turn-tls:works']);
    expect(ladder.carrier).toBe('turn-tcp');
    expect(ladder.headline).toBe(
      'Calls will go through TURN over TCP (UDP is blocked here, and a direct call needs UDP)',
    );
    expect(ladder.rungs[3]!.name).toBe('TURN over TLS 443');
  });

  it('Relay only: direct is off and the first working relay carries the call', () => {
    const ladder = connectionLadder({ rows: allOk, nat: nat('keeps-port'), relayOnly: true });
    expect(ladder.rungs[0]!.state).toBe('off');
    expect(ladder.carrier).toBe('turn-udp');
    expect(ladder.headline).toBe('Calls will go through TURN over UDP (Relay only is on)');
  });

  it('nothing gets through: no carrier, and the fix from the troubleshooting table', () => {
    const none = [result('udp', 'timed-out'), result('tcp', 'unreachable'), result('tls', 'unreachable')];
    const ladder = connectionLadder({ rows: none, nat: nat('udp-blocked'), relayOnly: false });
    expect(ladder.carrier).toBeNull();
    expect(ladder.headline).toBe('No way through was found: calls to anyone outside this network will fail');
    expect(ladder.fix).toMatch(/^Open UDP 3478 \(STUN\/TURN\).*turns: on TCP 5349/);
    const noTurn = connectionLadder({ rows: [], nat: nat('udp-blocked'), relayOnly: false });
    expect(noTurn.fix).toBe('Add a TURN server or switch to Cloudflare mode in Settings');
    expect(noTurn.rungs[3]!.why).toMatch(/no turns: URL is configured/);
  });

  it('claims nothing it has not measured: a NAT still being tested, or unknown, leaves direct open', () => {
    const testing = connectionLadder({ rows: allOk, nat: 'testing', relayOnly: false });
    expect(testing.rungs[0]!.state).toBe('testing');
    expect(testing.headline).toBe(
      'Calls will go direct where both networks allow it, otherwise through TURN over UDP; whether yours allows it is being tested (the NAT test is running)',
    );
    const unknown = connectionLadder({ rows: allOk, nat: null, relayOnly: false });
    expect(unknown.headline).toMatch(/whether yours allows it is not known: the NAT test did not answer$/);
    // A relay still being tested is not called missing.
    const pending = rows.map((r) => (r.kind === 'turn' ? { ...r, status: 'testing' as const } : r));
    const early = connectionLadder({ rows: pending, nat: nat('keeps-port'), relayOnly: false });
    expect(early.headline).toBe(
      'Calls will go direct where the other person’s network allows it, otherwise through a relay (still being tested)',
    );
    expect(connectionLadder({ rows: pending, nat: 'testing', relayOnly: false }).headline).toBe(
      'Still testing the ways a call can go',
    );
    expect(early.fix).toBeNull();
  });

  it('reads a run: measured, running, or cancelled before the NAT answered', () => {
    const run = { ...MAIN_PROBES_RUNNING, state: 'running' } as const;
    expect(ladderNat(run)).toBe('testing');
    expect(ladderNat({ ...run, state: 'cancelled' })).toBeNull();
    expect(ladderNat({ ...run, nat: { state: 'done', value: nat('changes-port') } })).toMatchObject({
      verdict: 'changes-port',
    });
  });
});

describe('connectionTestLines', () => {
  it('puts the ladder, the NAT, the certificates and the credentials into the report', () => {
    const run: ServerTestRun = {
      id: 1,
      state: 'done',
      startedAt: 0,
      finishedAt: 1,
      source: 'shared-secret',
      providerProblem: null,
      timeoutMs: 8000,
      rows: udpBlocked,
      verdict: '',
      addresses: { state: 'unavailable' },
      nat: { state: 'done', value: nat('udp-blocked') },
      certificates: { state: 'failed', error: 'the main process did not answer' },
      credentials: { state: 'unavailable' },
    };
    expect(connectionTestLines(run, false)).toEqual([
      'How calls will go: Calls will go through TURN over TCP (UDP is blocked here, and a direct call needs UDP)',
      '  Direct: fails: UDP is blocked here, and a direct call needs UDP',
      '  TURN over UDP: fails: TURN over UDP 198.51.100.100:3478: timed out',
      expect.stringMatching(/^ {2}TURN over TCP: works \(calls use this\): 198\.51\.100\.100:3478 works: through/),
      expect.stringMatching(/^ {2}TURN over TLS 443: works: turn\.example\.org:443 works/),
      'NAT: UDP is blocked: only TURN over TCP or TLS gets through (0 of 0 servers answered over UDP; A server answered the same request over TCP; Mapping: endpoint-independent mapping (one public port for every destination))',
      'Certificates: could not run (the main process did not answer)',
      'Credentials: not run (no main process)',
    ]);
  });
});
