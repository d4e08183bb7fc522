/** shared/stats.ts on RTCStatsReports recorded from real Chromium calls (tests/fixtures/record-stats.ts). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCandidate, revealsAddress } from '../../shared/candidate';
import { candidateCounts, describeCandidate, selectedPath, snapshot, type StatsRecord } from '../../shared/stats';
import { pathRelayed } from '../../shared/diagnostics';

function fixture(name: string): [StatsRecord[], StatsRecord[]] {
  const data = JSON.parse(readFileSync(new URL(`../fixtures/stats/${name}.json`, import.meta.url), 'utf8')) as {
    reports: [StatsRecord[], StatsRecord[]];
  };
  return data.reports;
}

describe('snapshot of a direct call', () => {
  const [first, second] = fixture('direct-host');
  const a = snapshot(first);
  const b = snapshot(second, a);

  it('finds the selected pair: host to host, not relayed', () => {
    expect(b.path?.local.type).toBe('host');
    expect(b.path?.remote.type).toBe('host');
    expect(pathRelayed(b.path!, [])).toBe(false);
    expect(b.path?.local.url).toBeNull();
  });

  it('lists the local and remote candidates with protocol, address and port', () => {
    expect(b.localCandidates.length).toBeGreaterThan(0);
    for (const c of [...b.localCandidates, ...b.remoteCandidates]) {
      expect(['host', 'srflx', 'prflx', 'relay']).toContain(c.type);
      expect(['udp', 'tcp']).toContain(c.protocol);
      expect(c.port).toBeGreaterThan(0);
    }
    expect(candidateCounts(b.localCandidates).byType.host).toBe(
      b.localCandidates.filter((c) => c.type === 'host').length,
    );
  });

  it('computes rates from two reports: bitrate in and out, loss, jitter, fps', () => {
    expect(a.inKbps).toBeNull();
    expect(b.inKbps).toBeGreaterThan(50);
    expect(b.outKbps).toBeGreaterThan(50);
    expect(b.lossPct).toBeGreaterThanOrEqual(0);
    expect(b.lossPct).toBeLessThan(5);
    expect(b.jitterMs).not.toBeNull();
    expect(b.video.framesDecoded).toBeGreaterThan(a.video.framesDecoded);
    expect(b.video.frameWidth).toBe(640);
    expect(b.audio.packetsReceived).toBeGreaterThan(a.audio.packetsReceived);
    expect(b.availableOutKbps).toBeGreaterThan(0);
    expect(b.iceState).toBe('connected');
    expect(b.dtlsState).toBe('connected');
  });

  it('fps counts the frames decoded between reports, so a frozen picture says 0 fps', () => {
    const seconds = (b.counters.at - a.counters.at) / 1000;
    expect(b.video.fps).toBeCloseTo((b.video.framesDecoded - a.video.framesDecoded) / seconds, 5);
    // The same report again one second later: no new frame, while Chromium still says framesPerSecond 20 or so.
    const later: StatsRecord[] = second.map((r) => ({ ...r, timestamp: (Number(r.timestamp) || 0) + 1_000 }));
    expect(later.some((r) => r.type === 'inbound-rtp' && r.kind === 'video' && Number(r.framesPerSecond) > 0)).toBe(
      true,
    );
    expect(snapshot(later, b).video.fps).toBe(0);
    // Without an earlier report there is nothing to count from: Chromium's own figure.
    expect(a.video.fps).toBe(
      first.find((r) => r.type === 'inbound-rtp' && r.kind === 'video')?.framesPerSecond ?? null,
    );
  });
});

describe.each([
  ['relay-udp', 'udp'],
  ['relay-tcp', 'tcp'],
])('snapshot of a call relayed through coturn (%s)', (name, relayProtocol) => {
  const [, second] = fixture(name);
  const s = snapshot(second);

  it('reports a local relay candidate, the relay protocol and the TURN URL in use', () => {
    expect(s.path?.local.type).toBe('relay');
    expect(s.path?.local.relayProtocol).toBe(relayProtocol);
    expect(s.path?.local.url).toMatch(new RegExp(`^turn:127\\.0\\.0\\.1:\\d+\\?transport=${relayProtocol}$`));
    expect(pathRelayed(s.path!, [])).toBe(true);
    expect(s.rttMs).toBeGreaterThan(0);
    expect(candidateCounts(s.localCandidates).byServer[s.path!.local.url!]).toBeGreaterThan(0);
    expect(describeCandidate(s.path!.local)).toContain(`to TURN over ${relayProtocol}`);
  });

  it('gathers nothing but relay candidates under relay-only', () => {
    expect(s.localCandidates.every((c) => c.type === 'relay')).toBe(true);
  });
});

describe('selected pair without a transport entry', () => {
  it('falls back to the nominated succeeded pair', () => {
    const [, second] = fixture('direct-host');
    const withoutTransport = second.filter((r) => r.type !== 'transport');
    expect(selectedPath(withoutTransport)?.local.type).toBe('host');
    expect(selectedPath([])).toBeNull();
  });
});

describe('candidate lines', () => {
  it.each([
    ['candidate:1 1 udp 2122260223 192.0.2.2 54321 typ host generation 0', 'host', false],
    ['candidate:2 1 udp 1686052607 203.0.113.7 40000 typ srflx raddr 192.0.2.2 rport 54321', 'srflx', false],
    ['candidate:3 1 udp 41885439 198.51.100.9 50000 typ relay raddr 203.0.113.7 rport 40000', 'relay', true],
    ['candidate:4 1 tcp 1518280447 192.0.2.2 9 typ host tcptype active', 'host', false],
  ])('%s', (line, type, safe) => {
    expect(parseCandidate(line)?.type).toBe(type);
    expect(revealsAddress(line)).toBe(!safe);
  });

  it('parses the related address and refuses garbage', () => {
    expect(
      parseCandidate('candidate:2 1 udp 1 203.0.113.7 40000 typ srflx raddr 192.0.2.2 rport 1')?.relatedAddress,
    ).toBe('192.0.2.2');
    expect(parseCandidate('not a candidate')).toBeNull();
    expect(revealsAddress('not a candidate')).toBe(false);
  });
});
