/**
 * Loss and round trip over the last seconds (shared/stats-window.ts), what the panel shows and
 * grades. A second of a call holds about 50 audio packets and at most one connectivity check:
 * per-second figures swung 0.8-7.3 % around an imposed 5 % in the NAT lab. The recorded call
 * is the lab's (tests/fixtures/stats/natlab-5pct-loss.json); the checks are shaped as Chromium
 * reports them.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { snapshot, type ConnectionSnapshot, type StatsRecord } from '../../shared/stats';
import { quality } from '../../shared/stats-quality';
import { RECENT_MS } from '../../shared/stats-window';

const lab = JSON.parse(readFileSync(new URL('../fixtures/stats/natlab-5pct-loss.json', import.meta.url), 'utf8')) as {
  imposedAt: number;
  reports: StatsRecord[][];
};

/** Every report of a recorded call through snapshot(), each with the one before. */
function replay(reports: readonly (readonly StatsRecord[])[]): ConnectionSnapshot[] {
  const out: ConnectionSnapshot[] = [];
  for (const records of reports) out.push(snapshot(records, out.at(-1)));
  return out;
}

/** The loss figure the grade gives as its reason ("5.1 % packets lost"), 0 when it names none. */
const gradedLoss = (s: ConnectionSnapshot) =>
  Number(/([\d.]+) % packets lost/.exec(quality(s).reasons.join(', '))?.[1] ?? 0);

describe('loss over the recent window, on a recorded lab call with 5 % loss each way', () => {
  const snapshots = replay(lab.reports);
  // Once the window reaches back no further than the moment the loss was imposed.
  const settled = snapshots.filter((s) => s.at - RECENT_MS >= lab.imposedAt);

  it('the recording is long enough to judge, and its per-interval loss swings (why a window is needed)', () => {
    expect(settled.length).toBeGreaterThanOrEqual(10);
    const perInterval = settled.map((s) => s.lossPct ?? 0);
    expect(Math.max(...perInterval) - Math.min(...perInterval)).toBeGreaterThan(4);
  });

  it('grades every look by a loss within 2 points of the 5 % imposed, never "good"', () => {
    for (const s of settled) {
      expect(quality(s).grade).not.toBe('good');
      expect(Math.abs(gradedLoss(s) - 5), `graded loss ${gradedLoss(s)} %`).toBeLessThanOrEqual(2);
    }
  });

  it('counts audio, which is never retransmitted: video after NACK repair shows less than the link lost', () => {
    const last = settled.at(-1)!;
    expect(last.recent.lossOf).toBe('audio');
    expect(last.recent.spanMs).toBeGreaterThan(RECENT_MS - 5_000);
    expect(last.recent.spanMs).toBeLessThanOrEqual(RECENT_MS);
    expect(last.recent.packets).toBeGreaterThan(1_000);
  });
});

/** One report of a direct call with the selected pair's check counters and one audio stream, shaped as Chromium's. */
function report(
  at: number,
  pair: { id: string; checks: number[] },
  audio: { received: number; lost: number },
): StatsRecord[] {
  const total = pair.checks.reduce((sum, v) => sum + v, 0);
  return [
    { id: 'T01', type: 'transport', timestamp: at, selectedCandidatePairId: pair.id, bytesReceived: at },
    {
      id: pair.id,
      type: 'candidate-pair',
      timestamp: at,
      localCandidateId: 'L1',
      remoteCandidateId: 'R1',
      state: 'succeeded',
      nominated: true,
      currentRoundTripTime: (pair.checks.at(-1) ?? 0) / 1000,
      totalRoundTripTime: total / 1000,
      responsesReceived: pair.checks.length,
      requestsSent: pair.checks.length + 1,
    },
    {
      id: 'L1',
      type: 'local-candidate',
      timestamp: at,
      candidateType: 'host',
      protocol: 'udp',
      address: '10.0.0.1',
      port: 5000,
    },
    {
      id: 'R1',
      type: 'remote-candidate',
      timestamp: at,
      candidateType: 'srflx',
      protocol: 'udp',
      address: '198.51.100.7',
      port: 6000,
    },
    {
      id: 'IA',
      type: 'inbound-rtp',
      kind: 'audio',
      timestamp: at,
      packetsReceived: audio.received,
      packetsLost: audio.lost,
      jitter: 0.013,
    },
  ];
}

describe('round trip over the recent window', () => {
  // One check answered every 2.5 s (libwebrtc's pace on a stable pair), one look a second.
  const checks = [96, 104, 88, 112, 101, 420, 97, 99, 103, 95, 108, 92, 100];
  const reports = Array.from({ length: 31 }, (_, i) => {
    const answered = checks.slice(0, Math.floor(i / 2.5) + 1);
    return report(10_000 + i * 1_000, { id: 'CP1', checks: answered }, { received: 50 * i, lost: 0 });
  });

  it('is the median of the checks answered in the window: one late answer does not move it', () => {
    const snapshots = replay(reports);
    const atOutlier = snapshots.find((s) => s.path?.rttMs === 420)!;
    expect(atOutlier.recent.rttMs).toBeGreaterThanOrEqual(96);
    expect(atOutlier.recent.rttMs).toBeLessThanOrEqual(104);
    expect(quality(atOutlier).grade).toBe('good');
    const last = snapshots.at(-1)!;
    expect(last.recent.rttMs).toBeCloseTo(100, 6);
    expect(last.recent.checks).toBeGreaterThanOrEqual(10);
  });

  it('starts again on a new candidate pair: its checks are its own', () => {
    const before = replay(reports.slice(0, 12)).at(-1)!;
    const moved = snapshot(report(22_000, { id: 'CP2', checks: [300] }, { received: 600, lost: 0 }), before);
    expect(moved.recent.rttMs).toBe(300);
    expect(moved.recent.checks).toBe(1);
  });

  it('says nothing before the first check is answered, and covers only what it has seen', () => {
    const first = snapshot(report(1_000, { id: 'CP1', checks: [] }, { received: 0, lost: 0 }));
    expect(first.recent.rttMs).toBeNull();
    expect(first.recent.lossPct).toBeNull();
    const second = snapshot(report(3_000, { id: 'CP1', checks: [90] }, { received: 100, lost: 5 }), first);
    expect(second.recent.spanMs).toBe(2_000);
    expect(second.recent.lossPct).toBeCloseTo((100 * 5) / 105, 5);
    expect(second.recent.rttMs).toBe(90);
  });

  it('leaves out an interval whose counters went backwards (a replacement connection starts from zero)', () => {
    const a = snapshot(report(1_000, { id: 'CP1', checks: [90] }, { received: 1_000, lost: 100 }));
    const b = snapshot(report(2_000, { id: 'CP1', checks: [90] }, { received: 20, lost: 0 }), a);
    const c = snapshot(report(3_000, { id: 'CP1', checks: [90] }, { received: 70, lost: 0 }), b);
    expect(c.recent.lossPct).toBe(0);
    expect(c.recent.packets).toBe(50);
  });

  /** The same report with our video's RTCP round trips so far (remote-inbound-rtp): how many, and their sum in ms. */
  const withReports = (records: StatsRecord[], count: number, totalMs: number): StatsRecord[] => [
    ...records,
    {
      id: 'RIV',
      type: 'remote-inbound-rtp',
      kind: 'video',
      timestamp: records[0]!.timestamp,
      roundTripTimeMeasurements: count,
      totalRoundTripTime: totalMs / 1000,
    },
  ];

  it("counts the RTCP reports' round trips with the checks: a few low checks do not carry the median", () => {
    // Three checks, two of them at the low edge of a jittery 100 ms link, and a report a second at 100 ms.
    const checks = [62, 64, 140];
    const looks = Array.from({ length: 20 }, (_, i) => {
      const answered = checks.slice(0, 1 + Math.floor(i / 8));
      return withReports(
        report(1_000 + i * 1_000, { id: 'CP1', checks: answered }, { received: 50 * i, lost: 0 }),
        i,
        100 * i,
      );
    });
    const last = replay(looks).at(-1)!;
    expect(last.recent.checks).toBe(3);
    expect(last.recent.reports).toBe(19);
    expect(last.recent.rttMs).toBeCloseTo(100, 6);
    // The checks alone would say 64 ms.
    const checksOnly = replay(looks.map((r) => r.filter((x) => x.type !== 'remote-inbound-rtp')));
    expect(checksOnly.at(-1)!.recent.rttMs).toBe(64);
  });

  it('leaves out the reports of an interval in which the pair changed: they may have crossed the old path', () => {
    const before = snapshot(
      withReports(report(1_000, { id: 'CP1', checks: [300] }, { received: 0, lost: 0 }), 5, 1_500),
    );
    // One report came while the pair changed, at the old path's 300 ms.
    const moved = snapshot(
      withReports(report(2_000, { id: 'CP2', checks: [40] }, { received: 50, lost: 0 }), 6, 1_800),
      before,
    );
    expect(moved.recent.reports).toBe(0);
    expect(moved.recent.rttMs).toBe(40);
    const next = snapshot(
      withReports(report(3_000, { id: 'CP2', checks: [40] }, { received: 100, lost: 0 }), 8, 1_880),
      moved,
    );
    expect(next.recent.reports).toBe(2);
    expect(next.recent.rttMs).toBeCloseTo(40, 6);
  });
});
