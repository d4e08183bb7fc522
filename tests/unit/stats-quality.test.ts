/** Grades, hints mapped from the seed's troubleshooting table, the prflx explanation, and the report. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCandidate } from '../../shared/candidate';
import type { PeerDiagnostics } from '../../shared/diagnostics';
import { buildReport, maskIceServers, summarizeCall, summaryLine } from '../../shared/report';
import { snapshot, type ConnectionSnapshot, type StatsRecord } from '../../shared/stats';
import { explainPath, hints, quality, type HintContext } from '../../shared/stats-quality';
import { ipExposure } from '../../shared/diagnostics';

const relayed = (() => {
  const data = JSON.parse(readFileSync(new URL('../fixtures/stats/relay-udp.json', import.meta.url), 'utf8')) as {
    reports: StatsRecord[][];
  };
  return snapshot(data.reports[1]!, snapshot(data.reports[0]!));
})();

const with_ = (s: ConnectionSnapshot, patch: Partial<ConnectionSnapshot>): ConnectionSnapshot => ({ ...s, ...patch });
/** The snapshot with these figures over the recent window (what grades and hints read). */
const recent = (s: ConnectionSnapshot, patch: Partial<ConnectionSnapshot['recent']>): ConnectionSnapshot => ({
  ...s,
  recent: { ...s.recent, ...patch },
});
const line = (type: string, address = '192.0.2.2', port = 5000) => `candidate:1 1 udp 1 ${address} ${port} typ ${type}`;

function diag(patch: Partial<PeerDiagnostics> = {}): PeerDiagnostics {
  return {
    peerId: 'p1',
    name: 'Ben',
    startedAt: 1_000,
    connectedAt: 1_400,
    state: 'connected',
    everConnected: true,
    gatheringComplete: true,
    timeline: [],
    candidates: [
      { at: 1_100, direction: 'sent', line: line('relay'), parsed: parseCandidate(line('relay')), session: 0 },
    ],
    candidateErrors: [],
    setups: [],
    series: [
      {
        at: 2_000,
        rttMs: 10,
        lossPct: 0,
        jitterMs: 4,
        inKbps: 500,
        outKbps: 500,
        availableOutKbps: 2_000,
        fps: 30,
        relayed: true,
      },
      {
        at: 3_000,
        rttMs: 30,
        lossPct: 2,
        jitterMs: 6,
        inKbps: 500,
        outKbps: 500,
        availableOutKbps: 2_000,
        fps: 30,
        relayed: true,
      },
    ],
    latest: relayed,
    lastPath: relayed.path,
    session: 0,
    policy: 'relay',
    switchingTo: null,
    switchFailure: null,
    failure: null,
    recoveries: [],
    connectedMs: 10_000,
    relayedMs: 7_500,
    ...patch,
  };
}

/** A connected relayed call with TURN and STUN configured and nothing gathered: each hint test changes what it needs. */
const hintBase: HintContext = {
  snapshot: relayed,
  relayed: true,
  state: 'connected',
  everConnected: true,
  relayOnly: false,
  turnConfigured: true,
  stunConfigured: true,
  gathered: [],
  gatheringComplete: true,
  candidateErrors: [],
};

describe('quality grade', () => {
  it('is good for a healthy relayed loopback call and unknown without a path', () => {
    expect(quality(relayed).grade).toBe('good');
    expect(quality(null).grade).toBe('unknown');
  });
  it('is fair or poor with the reasons named', () => {
    expect(quality(recent(relayed, { rttMs: 200 }))).toEqual({ grade: 'fair', reasons: ['round trip 200 ms'] });
    const poor = quality(with_(recent(relayed, { lossPct: 8 }), { jitterMs: 70 }));
    expect(poor.grade).toBe('poor');
    expect(poor.reasons).toEqual(['8.0 % packets lost', 'jitter 70 ms']);
  });
  it('grades by the recent window, not by the last second or the last check', () => {
    const noisy = with_(recent(relayed, { rttMs: 100, lossPct: 0.5 }), { rttMs: 420, lossPct: 9 });
    expect(quality(noisy)).toEqual({ grade: 'good', reasons: [] });
  });
  it('hints at latency on a direct path from the recent round trip', () => {
    const direct = with_(relayed, {
      path: {
        ...relayed.path!,
        local: { ...relayed.path!.local, type: 'srflx' },
        remote: { ...relayed.path!.remote, type: 'srflx' },
      },
    });
    const symptoms = (s: ConnectionSnapshot) =>
      hints({ ...hintBase, snapshot: s, relayed: false }).map((h) => h.symptom);
    expect(symptoms(recent(direct, { rttMs: 400 }))).toContain('High latency on a direct path');
    expect(symptoms(with_(recent(direct, { rttMs: 120 }), { rttMs: 400 }))).not.toContain(
      'High latency on a direct path',
    );
  });
});

describe('hints', () => {
  const base = hintBase;
  const direct = with_(relayed, {
    path: {
      ...relayed.path!,
      local: { ...relayed.path!.local, type: 'host' },
      remote: { ...relayed.path!.remote, type: 'host' },
    },
  });
  const refused = { at: 1, url: 'turn:127.0.0.1:3478?transport=udp', errorCode: 401, errorText: 'Unauthorized' };
  const symptoms = (c: Partial<HintContext>) => hints({ ...base, ...c }).map((h) => h.symptom);

  it('no relay candidate although TURN is configured: points at the TURN server', () => {
    const h = hints({ ...base, gathered: [parseCandidate(line('host'))!] });
    expect(h[0]).toMatchObject({ symptom: 'Gathering gave no relay candidate' });
    expect(h[0]!.fix).toContain('Test servers');
  });
  it('a healthy direct call with no TURN error: no claim that TURN is unreachable (Chromium may stop short)', () => {
    expect(symptoms({ snapshot: direct, relayed: false, gathered: [parseCandidate(line('host'))!] })).toEqual([]);
  });
  it('a TURN error names its cause, and a direct call is said to work without the relay', () => {
    const h = hints({
      ...base,
      snapshot: direct,
      relayed: false,
      gathered: [parseCandidate(line('host'))!],
      candidateErrors: [refused],
    });
    expect(h[0]!.symptom).toContain('the call is direct');
    expect(h[0]!.cause).toBe(
      'TURN refused the credentials (turn:127.0.0.1:3478?transport=udp answered 401 Unauthorized)',
    );
    expect(h[0]!.fix).toContain('shared secret');
  });
  it('dropped under Relay only: never advises turning on Relay only', () => {
    const h = hints({ ...base, relayOnly: true, state: 'reconnecting', gathered: [parseCandidate(line('relay'))!] });
    const dropped = h.find((x) => x.symptom === 'The call connected, then dropped')!;
    expect(dropped.fix).not.toContain('turn on Relay only');
    expect(dropped.fix).toContain('Test servers');
    const open = hints({ ...base, state: 'reconnecting', gathered: [parseCandidate(line('relay'))!] });
    expect(open.find((x) => x.symptom === 'The call connected, then dropped')!.fix).toContain('turn on Relay only');
  });
  it('failed without TURN: NAT traversal failing, add a TURN server or use Cloudflare mode', () => {
    const h = hints({
      ...base,
      turnConfigured: false,
      state: 'failed',
      everConnected: false,
      gathered: [parseCandidate(line('host'))!, parseCandidate(line('srflx'))!],
    });
    expect(h[0]).toMatchObject({
      cause: expect.stringContaining('NAT traversal failing') as string,
      fix: 'Add a TURN server or switch to Cloudflare mode in Settings',
    });
  });
  it('connected then dropped', () => {
    expect(symptoms({ state: 'reconnecting', gathered: [parseCandidate(line('relay'))!] })).toContain(
      'The call connected, then dropped',
    );
  });
  it('STUN did not answer: firewall blocking UDP', () => {
    expect(symptoms({ turnConfigured: false, gathered: [parseCandidate(line('host'))!] })).toContain(
      'No server-reflexive candidate: the STUN server did not answer',
    );
  });
  it('relayed over TCP: UDP blocked', () => {
    const tcp = with_(relayed, { path: { ...relayed.path!, local: { ...relayed.path!.local, relayProtocol: 'tcp' } } });
    expect(symptoms({ snapshot: tcp, gathered: [parseCandidate(line('relay'))!] })).toContain(
      'Relayed over TCP, not UDP',
    );
  });
  it('says nothing when all is well', () => {
    expect(hints({ ...base, gathered: [parseCandidate(line('relay'))!, parseCandidate(line('srflx'))!] })).toEqual([]);
  });
});

describe('prflx that is really a relay', () => {
  const path = {
    ...relayed.path!,
    remote: { ...relayed.path!.remote, type: 'prflx' as const, address: '198.51.100.9', port: 50000 },
  };
  it('is explained as the peer relaying through TURN when the address was announced as relay', () => {
    const r = explainPath({ ...path, local: { ...path.local, type: 'host' } }, [
      parseCandidate(line('relay', '198.51.100.9', 50000))!,
    ]);
    expect(r.relayed).toBe(true);
    expect(r.note).toContain('relay address the other side announced');
  });
  it('is explained as a NAT-learned address otherwise', () => {
    const r = explainPath({ ...path, local: { ...path.local, type: 'host' } }, []);
    expect(r.relayed).toBe(false);
    expect(r.note).toContain('learned it from a connectivity check');
  });
});

describe('report and summary', () => {
  it('masks credentials and keeps URLs', () => {
    expect(maskIceServers([{ urls: 'turn:x:3478', username: '1700000000:ana', credential: 's3cr3t' }])).toEqual([
      { urls: ['turn:x:3478'], username: '1700…(14 chars)', credential: '•••••• (set)' },
    ]);
  });
  it('summarizes a call: time to connect, path, share relayed, averages', () => {
    const s = summarizeCall(diag(), { relayOnly: true, turnConfigured: true, stunConfigured: false });
    expect(s).toMatchObject({
      outcome: 'connected',
      timeToConnectMs: 400,
      relayedSharePct: 75,
      avgRttMs: 20,
      avgLossPct: 1,
      avgJitterMs: 5,
      failureCause: null,
    });
    expect(s.path).toMatch(/^relayed \(udp via turn:127\.0\.0\.1:\d+\?transport=udp\)$/);
    expect(summaryLine(s)).toContain('Ben: connected in 400 ms');
  });
  it('names the failure cause when the call failed', () => {
    const s = summarizeCall(
      diag({ state: 'failed', everConnected: false, connectedAt: null, latest: null, candidates: [] }),
      { relayOnly: false, turnConfigured: false, stunConfigured: true },
    );
    expect(s.outcome).toBe('failed');
    expect(s.failureCause).toContain('NAT traversal failing');
  });
  it('a call lost before hang-up stays failed with its recorded cause and its last path', () => {
    const s = summarizeCall(
      diag({ state: 'closed', latest: null, failure: 'Call with Ben lost: relay server unreachable.' }),
      {
        relayOnly: true,
        turnConfigured: true,
        stunConfigured: false,
      },
    );
    expect(s.outcome).toBe('failed');
    expect(s.failureCause).toBe('Call with Ben lost: relay server unreachable.');
    expect(s.path).toMatch(/^last path relayed \(udp via turn:/);
    const line_ = summaryLine(s);
    expect(line_).toContain('Ben: failed after connecting in 400 ms');
    expect(line_).not.toContain('no path');
  });
  it('builds a report with a readable summary on top and no credential', () => {
    const report = buildReport({
      generatedAt: Date.UTC(2026, 10, 21),
      app: { version: '1.0.0', platform: 'linux', userAgent: 'Mozilla/5.0 Chrome/156.0.1.2 Safari/537.36' },
      room: 'standup',
      settings: { relayOnly: true },
      ice: {
        servers: [{ urls: 'turn:x', username: 'abcdefgh', credential: 'TOPSECRET' }],
        source: 'shared-secret',
        expiresAt: null,
        error: null,
      },
      providerStatus: null,
      serverTests: null,
      peers: [diag()],
      hintSettings: { relayOnly: true, turnConfigured: true, stunConfigured: false },
      tracks: {},
    });
    expect(report.summary[0]).toBe('Traverse call report, room "standup", 2026-11-21T00:00:00.000Z');
    expect(report.summary[1]).toContain('Chromium 156.0.1.2');
    expect(report.summary[2]).toContain('Ben: connected in 400 ms');
    expect(JSON.stringify(report)).not.toContain('TOPSECRET');
  });
});

describe('IP hidden', () => {
  const hostPath = with_(relayed, { path: { ...relayed.path!, local: { ...relayed.path!.local, type: 'host' } } });
  it('only when relay-only is on, no path in use starts off our relay, and no address ever went out', () => {
    expect(ipExposure(false, [diag()])).toBe('off');
    expect(ipExposure(true, [diag()])).toBe('hidden');
    expect(ipExposure(true, [])).toBe('hidden');
    const leaked = diag({
      candidates: [{ at: 1, direction: 'sent', line: line('host'), parsed: parseCandidate(line('host')), session: 0 }],
    });
    expect(ipExposure(true, [leaked])).toBe('shared-earlier');
  });
  it('a direct path under Relay only is "direct", or "pending" while a relay connection is being negotiated', () => {
    expect(ipExposure(true, [diag({ latest: hostPath })])).toBe('direct');
    expect(ipExposure(true, [diag({ latest: hostPath, switchingTo: 'relay' })])).toBe('pending');
    // Addresses sent earlier do not make a direct path look relayed.
    const leakedDirect = diag({
      latest: hostPath,
      candidates: [{ at: 1, direction: 'sent', line: line('host'), parsed: parseCandidate(line('host')), session: 0 }],
    });
    expect(ipExposure(true, [leakedDirect])).toBe('direct');
  });
  it('a relayed call whose TURN server died (no path) is still hidden, not "switching"', () => {
    expect(ipExposure(true, [diag({ latest: with_(relayed, { path: null }), state: 'reconnecting' })])).toBe('hidden');
  });
});
