/**
 * The connection test per address family (issue 18): a host name with IPv4 and IPv6 addresses is a
 * row per family and transport at an IP address of that family; turns: stays by name; an IP address,
 * an unresolved name or a one-family name is one row as written; and the words for a path that
 * fails in one family only, or that went untested because this computer has no IPv6.
 */
import { describe, expect, it } from 'vitest';
import { MAIN_PROBES_RUNNING } from '../../shared/connection-probes';
import type { ServerTestResult, ServerTestRow, ServerTestRun } from '../../shared/ice-test';
import { planServerTests } from '../../shared/ice-test-plan';
import { buildVerdict, formatServerTestReport, verdictOutcome, withProblems } from '../../shared/ice-test-words';
import type { ServerAddresses } from '../../shared/server-addresses';

const creds = { username: '1700000000:ana', credential: 'c2VjcmV0' };
const dual = (hasIpv6: boolean): ServerAddresses => ({
  hasIpv6,
  hosts: [
    {
      host: 'turn.example.org',
      addresses: [
        { address: '192.0.2.1', family: 4 },
        { address: '192.0.2.9', family: 4 },
        { address: '2001:db8::1', family: 6 },
      ],
      error: null,
    },
  ],
});
const rowsOf = (urls: string[], addresses: ServerAddresses | null) =>
  planServerTests([{ urls, ...creds }], addresses).map((t) => t.row);

function done(row: ServerTestRow, result: ServerTestResult, error: ServerTestRow['error'] = null): ServerTestRow {
  return { ...row, status: 'done', result, error, elapsedMs: 100, address: result === 'ok' ? '192.0.2.1:50000' : null };
}

function run(rows: ServerTestRow[], addresses: ServerAddresses): ServerTestRun {
  const base = { id: 1, startedAt: 0, finishedAt: 1, source: 'shared-secret', providerProblem: null, timeoutMs: 8000 };
  const probe = { state: 'done', value: addresses } as const;
  const withWords = withProblems(rows, 'shared-secret', 8000, undefined, addresses);
  return { ...base, ...MAIN_PROBES_RUNNING, state: 'done', rows: withWords, verdict: '', addresses: probe };
}

describe('planServerTests per address family', () => {
  it('tests a name with both families once per family and transport, at an address of each, labelled apart', () => {
    const targets = planServerTests([{ urls: 'turn:turn.example.org:3478', ...creds }], dual(true));
    expect(targets.map((t) => [t.row.url, t.row.label])).toEqual([
      ['turn:192.0.2.1:3478?transport=udp', 'TURN over UDP turn.example.org:3478 (IPv4 192.0.2.1)'],
      ['turn:[2001:db8::1]:3478?transport=udp', 'TURN over UDP turn.example.org:3478 (IPv6 2001:db8::1)'],
      ['turn:192.0.2.1:3478?transport=tcp', 'TURN over TCP turn.example.org:3478 (IPv4 192.0.2.1)'],
      ['turn:[2001:db8::1]:3478?transport=tcp', 'TURN over TCP turn.example.org:3478 (IPv6 2001:db8::1)'],
    ]);
    // The test uses the address, with the call's credentials; the row keeps the name it came from.
    expect(targets[1]!.server).toEqual({ urls: 'turn:[2001:db8::1]:3478?transport=udp', ...creds });
    expect(targets[1]!.row).toMatchObject({ host: 'turn.example.org', configuredUrl: 'turn:turn.example.org:3478' });
    expect(targets.map((t) => t.row.family?.version)).toEqual([4, 6, 4, 6]);
    expect(targets[0]!.row.family!.group).toBe(targets[1]!.row.family!.group);
    expect(targets[0]!.row.family!.group).not.toBe(targets[2]!.row.family!.group);
  });

  it('splits STUN the same way, matching the name in any case', () => {
    expect(rowsOf(['stun:TURN.example.org:3478'], dual(true)).map((r) => r.url)).toEqual([
      'stun:192.0.2.1:3478',
      'stun:[2001:db8::1]:3478',
    ]);
  });

  it('keeps turns: by name (the certificate is checked against it) and says so when the name has both', () => {
    const [tls] = rowsOf(['turns:turn.example.org:443'], dual(true));
    expect(tls).toMatchObject({ url: 'turns:turn.example.org:443?transport=tcp', family: null });
    expect(tls!.label).toBe(
      'TURN over TLS turn.example.org:443 (by name, IPv4 or IPv6: its certificate is checked against the name)',
    );
    expect(rowsOf(['turns:turn.example.org:443'], dual(false))[0]!.label).toBe('TURN over TLS turn.example.org:443');
  });

  it('tests as written: an IP address, a name that did not resolve, a one-family name, no answer at all', () => {
    const failed: ServerAddresses = { hasIpv6: true, hosts: [{ host: 'turn.example.org', addresses: [], error: 'x' }] };
    const v4only: ServerAddresses = {
      hasIpv6: true,
      hosts: [{ host: 'turn.example.org', addresses: [{ address: '192.0.2.1', family: 4 }], error: null }],
    };
    const asWritten = ['turn:turn.example.org:3478?transport=udp'];
    for (const answer of [failed, v4only, null]) {
      expect(rowsOf(asWritten, answer).map((r) => [r.url, r.family])).toEqual([[asWritten[0], null]]);
    }
    expect(rowsOf(['turn:[2001:db8::5]:3478?transport=udp'], dual(true)).map((r) => r.label)).toEqual([
      'TURN over UDP [2001:db8::5]:3478',
    ]);
  });

  it('without IPv6 on this computer tests the IPv4 address only, and the verdict says why IPv6 was not', () => {
    const rows = rowsOf(['turn:turn.example.org:3478?transport=udp'], dual(false));
    expect(rows.map((r) => r.label)).toEqual(['TURN over UDP turn.example.org:3478 (IPv4 192.0.2.1)']);
    const finished = run([done(rows[0]!, 'ok')], dual(false));
    expect(buildVerdict(finished)).toBe(
      'TURN over UDP works; IPv6 not tested: this computer has no IPv6 address (turn.example.org has one)',
    );
    expect(buildVerdict({ ...finished, state: 'running' })).toContain('IPv6 not tested');
    // With IPv6 here, or no IPv6 address on any server, there is nothing to say about it.
    expect(buildVerdict(run([done(rows[0]!, 'ok')], dual(true)))).toBe('TURN over UDP works');
    expect(buildVerdict(run([done(rows[0]!, 'ok')], { hasIpv6: false, hosts: [] }))).toBe('TURN over UDP works');
  });
});

describe('words for one address family', () => {
  const [udp4, udp6, tcp4, tcp6] = rowsOf(['turn:turn.example.org:3478'], dual(true)) as [
    ServerTestRow,
    ServerTestRow,
    ServerTestRow,
    ServerTestRow,
  ];

  it('IPv4 works and IPv6 does not: its own cause and fix, and the verdict says "over IPv6 only"', () => {
    const refused = { code: 701, text: 'Failed to establish connection' };
    const finished = run(
      [done(udp4, 'ok'), done(udp6, 'timed-out'), done(tcp4, 'ok'), done(tcp6, 'unreachable', refused)],
      dual(true),
    );
    const problem = finished.rows[1]!.problem!;
    expect(problem.what).toBe(
      'TURN over UDP turn.example.org:3478 (IPv6 2001:db8::1): timed out, while over IPv4 (192.0.2.1) it works',
    );
    expect(problem.cause).toBe(
      "the TURN server works over IPv4 but not over IPv6: it may not listen on its IPv6 address 2001:db8::1, a firewall may block UDP 3478 over IPv6, or this network's IPv6 does not reach it",
    );
    expect(problem.fix).toContain('listen on 2001:db8::1 (coturn: listening-ip)');
    expect(problem.fix).toContain('remove the AAAA record of turn.example.org if it should not serve IPv6');
    expect(problem.fix).toContain('until then calls from here use it over IPv4 only');
    expect(finished.rows[3]!.problem!.cause).toContain('block TCP 3478 over IPv6');
    expect(buildVerdict(finished)).toBe(
      "TURN over UDP and TCP work; TURN over TCP 3478 fails over IPv6 only (works over IPv4): the server may not listen on IPv6, or this network's IPv6 does not reach it; 1 more below",
    );
    expect(verdictOutcome(finished)).toBe('partial');
  });

  it('the other way round names IPv4 and its A record', () => {
    const finished = run([done(udp4, 'unreachable', { code: 701, text: 'x' }), done(udp6, 'ok')], dual(true));
    expect(finished.rows[0]!.problem!.cause).toContain('works over IPv6 but not over IPv4');
    expect(finished.rows[0]!.problem!.fix).toContain('remove the A record of turn.example.org');
  });

  it('says "answers", not "works", when the other family only got a refusal, and promises no calls', () => {
    const finished = run(
      [done(udp4, 'auth-failed', { code: 401, text: 'Unauthorized' }), done(udp6, 'timed-out')],
      dual(true),
    );
    const problem = finished.rows[1]!.problem!;
    expect(problem.what).toContain('while over IPv4 (192.0.2.1) it answers');
    expect(problem.fix).not.toContain('calls from here');
    // The refusal itself keeps the credential words: the family is not its cause.
    expect(finished.rows[0]!.problem!.cause).toContain('refused the username and password');
  });

  it('keeps the general words when both families fail, or when the failure is not silence', () => {
    const both = run([done(udp4, 'timed-out'), done(udp6, 'timed-out')], dual(true));
    expect(both.rows.map((r) => r.problem!.what)).toEqual([
      'TURN over UDP turn.example.org:3478 (IPv4 192.0.2.1): timed out: no relay candidate within 8 s',
      'TURN over UDP turn.example.org:3478 (IPv6 2001:db8::1): timed out: no relay candidate within 8 s',
    ]);
    const refusedV6 = run(
      [done(udp4, 'ok'), done(udp6, 'auth-failed', { code: 401, text: 'Unauthorized' })],
      dual(true),
    );
    expect(refusedV6.rows[1]!.problem!.what).toContain('authentication failed');
    expect(refusedV6.rows[1]!.problem!.cause).not.toContain('IPv4');
  });

  it('a name with only IPv6 addresses, from a computer without IPv6, says it cannot be reached from here', () => {
    const v6only: ServerAddresses = {
      hasIpv6: false,
      hosts: [{ host: 'turn.example.org', addresses: [{ address: '2001:db8::1', family: 6 }], error: null }],
    };
    const [row] = rowsOf(['turn:turn.example.org:3478?transport=udp'], v6only);
    const finished = run([done(row!, 'timed-out')], v6only);
    expect(finished.rows[0]!.problem!.cause).toBe(
      'turn.example.org has only IPv6 addresses (2001:db8::1) and this computer has no IPv6 address, so it cannot reach the server from here',
    );
  });

  it('TLS by name still learns that plain TCP works in one family when the other fails', () => {
    const [tls] = rowsOf(['turns:turn.example.org:5349'], dual(true));
    const finished = run(
      [
        done(tcp4, 'ok'),
        done(tcp6, 'unreachable', { code: 701, text: 'x' }),
        done(tls!, 'unreachable', { code: 701, text: 'x' }),
      ],
      dual(true),
    );
    expect(finished.rows[2]!.problem!.cause).toContain('the same host answers TURN over plain TCP');
  });

  it('puts what each name resolved to into the report', () => {
    const addresses: ServerAddresses = {
      ...dual(true),
      hosts: [
        ...dual(true).hosts,
        { host: 'gone.example', addresses: [], error: 'gone.example did not resolve (ENOTFOUND): …' },
      ],
    };
    const lines = formatServerTestReport(run([done(udp4, 'ok')], addresses));
    expect(lines[1]).toBe(
      '  Server addresses (this computer has IPv6): turn.example.org 192.0.2.1, 192.0.2.9, 2001:db8::1; gone.example did not resolve (ENOTFOUND): …',
    );
    expect(lines[2]).toContain('turn:192.0.2.1:3478?transport=udp: ok');
  });
});
