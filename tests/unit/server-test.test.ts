/**
 * The server tester's pure half: which tests a server list calls for, how a
 * gathering observation becomes a result, and the words a person reads.
 */
import { describe, expect, it } from 'vitest';
import {
  classify,
  serverTestRunSchema,
  type GatherObservation,
  type ServerTestRow,
  type ServerTestRun,
} from '../../shared/ice-test';
import { planServerTests } from '../../shared/ice-test-plan';
import { MAIN_PROBES_RUNNING } from '../../shared/connection-probes';
import { buildVerdict, explainRow, formatServerTestReport, withProblems } from '../../shared/ice-test-words';

const creds = { username: '1700000000:ana', credential: 'c2VjcmV0' };

function seen(partial: Partial<GatherObservation>): GatherObservation {
  return { candidates: [], errors: [], completeAtMs: null, endedAtMs: 8000, cancelled: false, ...partial };
}

function rowFor(url: string): ServerTestRow {
  const target = planServerTests([{ urls: url, ...creds }])[0];
  if (!target) throw new Error(`no target for ${url}`);
  return target.row;
}

function finished(url: string, observation: GatherObservation): ServerTestRow {
  const row = rowFor(url);
  return { ...row, status: 'done', ...classify(row, observation) };
}

function run(rows: ServerTestRow[], state: ServerTestRun['state'] = 'done'): ServerTestRun {
  return {
    id: 1,
    state,
    startedAt: 0,
    finishedAt: 1,
    source: 'shared-secret',
    providerProblem: null,
    timeoutMs: 8000,
    rows,
    verdict: '',
    addresses: { state: 'unavailable' },
    ...MAIN_PROBES_RUNNING,
  };
}

describe('planServerTests', () => {
  it('splits urls into one test per URL and a TURN URL without transport into UDP and TCP', () => {
    const targets = planServerTests([
      { urls: ['stun:stun.example.org', 'turn:turn.example.org:3478', 'turns:turn.example.org'], ...creds },
      { urls: 'turn:10.0.0.1:443?transport=tcp', ...creds },
    ]);
    expect(targets.map((t) => [t.row.url, t.row.transport, t.row.label])).toEqual([
      ['stun:stun.example.org:3478', 'udp', 'STUN stun.example.org:3478'],
      ['turn:turn.example.org:3478?transport=udp', 'udp', 'TURN over UDP turn.example.org:3478'],
      ['turn:turn.example.org:3478?transport=tcp', 'tcp', 'TURN over TCP turn.example.org:3478'],
      ['turns:turn.example.org:5349?transport=tcp', 'tls', 'TURN over TLS turn.example.org:5349'],
      ['turn:10.0.0.1:443?transport=tcp', 'tcp', 'TURN over TCP 10.0.0.1:443'],
    ]);
    // Each test gets exactly its own URL; TURN carries the credentials a call would use, STUN none.
    expect(targets[0]!.server).toEqual({ urls: 'stun:stun.example.org:3478' });
    expect(targets[1]!.server).toEqual({ urls: 'turn:turn.example.org:3478?transport=udp', ...creds });
    expect(targets.every((t) => t.row.status === 'waiting')).toBe(true);
  });

  it('tests a repeated URL once, but twice when the credentials differ', () => {
    const targets = planServerTests([
      { urls: 'turn:a.example:3478?transport=udp', ...creds },
      { urls: 'turn:a.example:3478?transport=udp', ...creds },
      { urls: 'turn:a.example:3478?transport=udp', username: 'other', credential: 'x' },
    ]);
    expect(targets).toHaveLength(2);
    expect(new Set(targets.map((t) => t.row.id)).size).toBe(2);
  });

  it('marks a URL it cannot parse as invalid instead of testing it', () => {
    const [target] = planServerTests([{ urls: 'https://turn.example.org' }]);
    expect(target!.row).toMatchObject({ status: 'done', result: 'invalid' });
    expect(explainRow(target!.row, { source: 'manual', timeoutMs: 8000 })?.what).toContain('is not a STUN/TURN URL');
  });

  it('keeps rows free of credentials (they go into the diagnostics report)', () => {
    const rows = planServerTests([{ urls: 'turn:a.example:3478', ...creds }]).map((t) => t.row);
    expect(JSON.stringify(rows)).not.toContain(creds.credential);
    expect(JSON.stringify(rows)).not.toContain(creds.username);
  });
});

describe('classify', () => {
  const turn = 'turn:127.0.0.1:3478?transport=udp';

  it('passes on the first relay candidate, with its time and address', () => {
    const result = classify(
      rowFor(turn),
      seen({ candidates: [{ type: 'relay', address: '127.0.0.1', port: 50000, atMs: 123.4 }], endedAtMs: 124 }),
    );
    expect(result).toEqual({
      result: 'ok',
      firstCandidateMs: 123,
      address: '127.0.0.1:50000',
      error: null,
      elapsedMs: 124,
    });
  });

  it('needs a reflexive candidate for STUN: host candidates do not count', () => {
    const host = { type: 'host', address: '192.0.2.2', port: 5000, atMs: 5 };
    expect(classify(rowFor('stun:127.0.0.1:3478'), seen({ candidates: [host], completeAtMs: 430 })).result).toBe(
      'no-candidate',
    );
    expect(classify(rowFor('stun:127.0.0.1:3478'), seen({ candidates: [host] })).result).toBe('timed-out');
    const srflx = { type: 'srflx', address: '2001:db8::1', port: 6000, atMs: 40 };
    expect(classify(rowFor('stun:127.0.0.1:3478'), seen({ candidates: [host, srflx] }))).toMatchObject({
      result: 'ok',
      address: '[2001:db8::1]:6000',
    });
  });

  it('maps 401 to authentication failed and 7xx to unreachable, keeping code and text', () => {
    const auth = classify(
      rowFor(turn),
      seen({ errors: [{ code: 401, text: 'Unauthorized. ', url: turn, atMs: 100 }], completeAtMs: 300 }),
    );
    expect(auth).toMatchObject({ result: 'auth-failed', error: { code: 401, text: 'Unauthorized.' } });
    const down = classify(
      rowFor(turn),
      seen({ errors: [{ code: 701, text: 'Failed to establish connection', url: turn, atMs: 9 }], completeAtMs: 10 }),
    );
    expect(down).toMatchObject({ result: 'unreachable', error: { code: 701 } });
  });

  it("prefers this row's own error over the STUN probe Chromium sends to a TURN server", () => {
    const errors = [
      { code: 701, text: 'STUN binding request timed out.', url: 'stun:127.0.0.1:3478', atMs: 1 },
      { code: 401, text: 'Unauthorized.', url: turn, atMs: 2 },
    ];
    expect(classify(rowFor(turn), seen({ errors, completeAtMs: 3 })).error?.code).toBe(401);
  });

  it('reports other TURN errors as no candidate with the code shown, and a cancel as cancelled', () => {
    expect(
      classify(
        rowFor(turn),
        seen({ errors: [{ code: 486, text: 'Allocation Quota Reached', url: turn, atMs: 5 }], completeAtMs: 6 }),
      ),
    ).toMatchObject({
      result: 'no-candidate',
      error: { code: 486 },
    });
    expect(classify(rowFor(turn), seen({ cancelled: true, endedAtMs: 1200 })).result).toBe('cancelled');
  });
});

describe('words', () => {
  const tcpOk = finished(
    'turn:h.example:3478?transport=tcp',
    seen({ candidates: [{ type: 'relay', address: '203.0.113.5', port: 40000, atMs: 80 }] }),
  );
  const udpOk = finished(
    'turn:h.example:3478?transport=udp',
    seen({ candidates: [{ type: 'relay', address: '203.0.113.5', port: 40001, atMs: 60 }] }),
  );
  const tlsDown = finished(
    'turns:h.example:5349',
    seen({
      errors: [
        { code: 701, text: 'Failed to establish connection', url: 'turns:h.example:5349?transport=tcp', atMs: 200 },
      ],
      completeAtMs: 210,
    }),
  );
  const udpSilent = finished('turn:h.example:3478?transport=udp', seen({}));

  it('says what works and the worst problem with its fix, in one line (the seed table)', () => {
    expect(buildVerdict(run([udpOk, tlsDown]))).toBe(
      'TURN over UDP works; TURN over TLS 5349 unreachable: open TCP 5349 or use 443, with a trusted certificate',
    );
    expect(buildVerdict(run([udpSilent, tcpOk]))).toBe(
      'TURN over TCP works; TURN over UDP 3478 timed out: open UDP 3478 or use turns: on 443',
    );
  });

  it('says plainly when no TURN works, and counts the rest', () => {
    const auth = finished(
      'turn:h.example:3478?transport=tcp',
      seen({
        errors: [{ code: 401, text: 'Unauthorized.', url: 'turn:h.example:3478?transport=tcp', atMs: 9 }],
        completeAtMs: 10,
      }),
    );
    expect(buildVerdict(run([udpSilent, auth, tlsDown]))).toBe(
      'No TURN server works: calls behind strict NATs and firewalls will fail; TURN over TCP 3478 refused the credentials (401): check the secret or password; 2 more below',
    );
  });

  it('shows progress and cancellation in words', () => {
    expect(buildVerdict(run([udpOk, { ...tlsDown, status: 'testing', result: null }], 'running'))).toBe(
      'Testing 2 server URLs… 1 of 2 done',
    );
    expect(buildVerdict(run([udpOk, { ...tlsDown, result: 'cancelled' }], 'cancelled'))).toBe(
      'Cancelled after 1 of 2: TURN over UDP works',
    );
    expect(buildVerdict(run([], 'done'))).toMatch(/^No STUN or TURN servers are configured/);
    const fallback = {
      ...run([
        finished(
          'stun:127.0.0.1:3478',
          seen({ candidates: [{ type: 'srflx', address: '198.51.100.7', port: 4000, atMs: 30 }] }),
        ),
      ]),
      providerProblem: { what: 'Shared-secret mode has no secret', cause: 'c', fix: 'f' },
    };
    expect(
      buildVerdict({ ...run([]), providerProblem: { what: 'Shared-secret mode has no secret', cause: 'c', fix: 'f' } }),
    ).toBe('Shared-secret mode has no secret: nothing to test (no STUN servers to fall back to)');
    expect(buildVerdict(fallback)).toBe(
      'Shared-secret mode has no secret: tested the STUN fallback only; STUN works (1 server); no TURN server is configured, so calls behind strict NATs may fail',
    );
  });

  it('points a TLS failure at the certificate when plain TCP to the same host works', () => {
    const [withTcp] = withProblems([tlsDown, tcpOk], 'manual', 8000);
    expect(withTcp!.problem?.cause).toMatch(
      /^the same host answers TURN over plain TCP, so the likely cause is the certificate/,
    );
    const [alone] = withProblems([tlsDown], 'manual', 8000);
    expect(alone!.problem?.cause).toMatch(
      /^nothing listens on TCP 5349, a firewall blocks it, or Chromium refused the server's certificate/,
    );
  });

  it('names DNS when Chromium could not look the host up', () => {
    const url = 'stun:stun.example.invalid:3478';
    const row = finished(
      url,
      seen({ errors: [{ code: 701, text: 'STUN host lookup received error.', url, atMs: 40 }], completeAtMs: 41 }),
    );
    expect(row.result).toBe('unreachable');
    expect(explainRow(row, { source: 'manual', timeoutMs: 8000 })?.cause).toMatch(
      /^the host name stun\.example\.invalid did not resolve/,
    );
  });

  it('sends a 401 to the place its credentials come from', () => {
    const auth = { ...udpSilent, result: 'auth-failed' as const, error: { code: 401, text: 'Unauthorized.' } };
    expect(explainRow(auth, { source: 'manual', timeoutMs: 8000 })?.fix).toMatch(/Manual servers/);
    expect(explainRow(auth, { source: 'shared-secret', timeoutMs: 8000 })?.fix).toMatch(/static-auth-secret/);
    expect(explainRow(auth, { source: 'server', timeoutMs: 8000 })?.fix).toMatch(/signaling server operator/);
    expect(explainRow(udpOk, { source: 'manual', timeoutMs: 8000 })).toBeNull();
  });

  it('explains a STUN server that answered without a reflexive address as "no NAT", not a failure to fix', () => {
    const stun = finished('stun:127.0.0.1:3478', seen({ completeAtMs: 430, endedAtMs: 430 }));
    const problem = explainRow(stun, { source: 'manual', timeoutMs: 8000 });
    expect(problem?.cause).toContain('gathering finished in 0.4 s with no error');
    expect(problem?.cause).toContain('no NAT between them');
  });

  it('exports a run for the diagnostics report: schema-valid, one line per row, numbers with units', () => {
    const done = run(withProblems([udpOk, tlsDown], 'shared-secret', 8000));
    const final = { ...done, verdict: buildVerdict(done) };
    expect(serverTestRunSchema.parse(final)).toEqual(final);
    expect(formatServerTestReport(final).slice(1)).toEqual([
      '  turn:h.example:3478?transport=udp: ok, first candidate 60 ms, relay 203.0.113.5:40001',
      '  turns:h.example:5349?transport=tcp: unreachable, error 701 Failed to establish connection',
    ]);
  });
});
