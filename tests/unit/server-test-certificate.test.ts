/**
 * A failing TURN-over-TLS row and its server's certificate line: the row names what the main
 * process's certificate check found (expired, self-signed, no connection at all) instead of
 * guessing, and never blames a certificate for a server that is not there.
 */
import { describe, expect, it } from 'vitest';
import { classify, type GatherObservation, type ServerTestRow } from '../../shared/ice-test';
import { planServerTests } from '../../shared/ice-test-plan';
import { withProblems } from '../../shared/ice-test-words';
import type { TlsCertificateReport } from '../../shared/tls-certificate';
import { tlsCertificateProblem, tlsCertificateWords } from '../../shared/tls-words';

const creds = { username: '1700000000:ana', credential: 'c2VjcmV0' };

function finished(url: string, partial: Partial<GatherObservation>): ServerTestRow {
  const row = planServerTests([{ urls: url, ...creds }])[0]!.row;
  const seen = { candidates: [], errors: [], completeAtMs: null, endedAtMs: 8000, cancelled: false, ...partial };
  return { ...row, status: 'done', ...classify(row, seen) };
}

const refused = (url: string) =>
  finished(url, {
    errors: [{ code: 701, text: 'Failed to establish connection', url, atMs: 20 }],
    completeAtMs: 30,
  });
const relayed = (url: string) =>
  finished(url, { candidates: [{ type: 'relay', address: '203.0.113.5', port: 40000, atMs: 80 }] });

function report(partial: Partial<TlsCertificateReport>): TlsCertificateReport {
  return {
    url: 'turns:h.example:5349',
    host: 'h.example',
    port: 5349,
    status: 'trusted',
    chainTrusted: true,
    chainError: null,
    selfSigned: false,
    nameMatches: true,
    daysLeft: 29,
    validFrom: '2026-11-01T00:00:00.000Z',
    validTo: '2026-12-31T00:00:00.000Z',
    subject: 'h.example',
    issuer: 'Test CA',
    altNames: 'DNS:h.example',
    tlsVersion: 'TLSv1.3',
    error: null,
    elapsedMs: 12,
    ...partial,
  };
}

const tls = refused('turns:h.example:5349?transport=tcp');
const tcpOk = relayed('turn:h.example:3478?transport=tcp');

describe('a TLS row with its certificate line', () => {
  it('names the certificate the check found expired as the cause, with the renewal fix', () => {
    const expired = report({ status: 'expired', daysLeft: -11, chainError: 'CERT_HAS_EXPIRED' });
    const [row] = withProblems([tls, tcpOk], 'manual', 8000, [expired]);
    expect(row!.problem?.cause).toBe(
      'its certificate expired 10 days ago (see its line under TURN over TLS certificates): Chromium checks a TURN server’s certificate like a website’s and refuses this one',
    );
    expect(row!.problem?.fix).toBe(tlsCertificateProblem(expired)!.fix);
  });

  it('says self-signed when the check found it so', () => {
    const selfSigned = report({ status: 'untrusted', selfSigned: true, chainError: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    const [row] = withProblems([tls], 'manual', 8000, [selfSigned]);
    expect(row!.problem?.cause).toMatch(/^its certificate is untrusted \(self-signed\) \(see its line/);
  });

  it('blames no certificate when the check could not connect either', () => {
    const down = report({ status: 'unreachable', error: 'connect ECONNREFUSED 203.0.113.5:5349', daysLeft: null });
    const [row] = withProblems([tls, tcpOk], 'manual', 8000, [down]);
    expect(row!.problem?.cause).toBe(
      'the certificate check could not connect to h.example:5349 either (connection refused): the TURN server is not running, or does not listen for TLS on TCP 5349',
    );
    expect(row!.problem?.cause).not.toMatch(/certificate like a website/);
    expect(tlsCertificateWords(down)).toBe('no TLS connection (connection refused)');
    expect(tlsCertificateProblem(down)?.cause).toBe(
      'nothing accepts connections on h.example:5349 (connection refused): the TURN server is not running, or listens for TLS on another port (connect ECONNREFUSED 203.0.113.5:5349)',
    );
  });

  it('a trusted certificate is not the cause: the connection failed in the browser', () => {
    const [row] = withProblems([tls], 'manual', 8000, [report({})]);
    expect(row!.problem?.cause).toMatch(
      /^this app’s certificate check trusts its certificate \(trusted, 29 days left\)/,
    );
  });

  it('without a certificate line: plain TCP on the host counts only when no TCP path to that host failed', () => {
    const tcpDown = refused('turn:h.example:3479?transport=tcp');
    const [mixed] = withProblems([tls, tcpOk, tcpDown], 'manual', 8000);
    expect(mixed!.problem?.cause).not.toMatch(/the same host answers TURN over plain TCP/);
    const [clean] = withProblems([tls, tcpOk], 'manual', 8000);
    expect(clean!.problem?.cause).toMatch(/^the same host answers TURN over plain TCP/);
  });
});
