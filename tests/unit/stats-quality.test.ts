/** Grades, hints mapped from the seed's troubleshooting table, and the report. */
import { describe, expect, it } from 'vitest';
import { parseCandidate } from '../../shared/candidate';
import { buildReport, maskIceServers, summarizeCall, summaryLine } from '../../shared/report';
import type { ConnectionSnapshot } from '../../shared/stats';
import { hints, quality, type HintContext } from '../../shared/stats-quality';
import { diag, line, recent, relayed, with_ } from '../support/call-diagnostics';

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
  it('says how long a hop on Janus held the call back (the weak hop of the hints, over the call)', () => {
    const settings = { relayOnly: false, turnConfigured: true, stunConfigured: false };
    const held = summarizeCall(diag({ connectedMs: 40_000, weakHopMs: { 'their-upload': 10_000 } }), settings);
    expect(summaryLine(held)).toContain(
      "Ben's upload the bottleneck 25 % of the time (a lower layer than the tile asked for)",
    );
    const ours = summarizeCall(
      diag({ connectedMs: 40_000, weakHopMs: { 'upload-bandwidth': 2_000, 'upload-cpu': 400 } }),
      settings,
    );
    expect(summaryLine(ours)).toContain(
      'your upload held back by bandwidth 5 % of the time, your video held back by the CPU 1 % of the time',
    );
    expect(summaryLine(summarizeCall(diag({ connectedMs: 40_000 }), settings))).not.toContain('of the time (');
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
