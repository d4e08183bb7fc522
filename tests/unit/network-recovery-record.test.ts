/**
 * Recoveries as the diagnostics record and say them: the media gap from
 * decoded-frame counters as Chromium reports them, the path before and after
 * in words, the cause named from what happened, and the summary line.
 */
import { describe, expect, it } from 'vitest';
import { emptyDiagnostics, type RecoveryRecord } from '../../shared/diagnostics';
import { recoverySentence, pathKind } from '../../shared/recovery-words';
import { summarizeCall, summaryLine } from '../../shared/report';
import type { SelectedPath, StatsRecord } from '../../shared/stats';
import { FrameGaps, longestDelayMs } from '../../renderer/src/diagnostics/recovery-gap';
import { RecoveryLog } from '../../renderer/src/diagnostics/recovery-log';

/** An inbound video record after `frames` frames at 30 fps with one stall of `stallS` seconds among them. */
function inbound(frames: number, stallS = 0, id = 'IT01V'): StatsRecord {
  const even = frames - (stallS > 0 ? 1 : 0);
  return {
    id,
    type: 'inbound-rtp',
    kind: 'video',
    framesDecoded: frames,
    totalInterFrameDelay: even / 30 + stallS,
    totalSquaredInterFrameDelay: even / 900 + stallS * stallS,
  };
}

describe('media gap from decoded frames', () => {
  it('finds one long delay among even ones', () => {
    expect(longestDelayMs(31, 1 + 0.8, 30 / 900 + 0.64)).toBeCloseTo(800, 0);
    expect(longestDelayMs(30, 1, 30 / 900)).toBeCloseTo(33.3, 1);
    expect(longestDelayMs(1, 2.5, 6.25)).toBe(2_500);
  });

  it('sees a stall that spans polls whole, in the poll where frames come back', () => {
    const gaps = new FrameGaps();
    expect(gaps.observe([inbound(300)])).toEqual({ longestMs: 0, decoded: false });
    expect(gaps.observe([inbound(330)])?.longestMs).toBeCloseTo(33.3, 0);
    // Two polls with nothing decoded, then frames again after a 2.4 s hole.
    expect(gaps.observe([inbound(330)])).toEqual({ longestMs: 0, decoded: false });
    const back: StatsRecord = {
      ...inbound(345),
      totalInterFrameDelay: 330 / 30 + 14 / 30 + 2.4,
      totalSquaredInterFrameDelay: 330 / 900 + 14 / 900 + 2.4 * 2.4,
    };
    expect(gaps.observe([back])?.longestMs).toBeCloseTo(2_400, -1);
  });

  it('measures a hole the counters do not show (Chromium forgets a paused stream) between polls', () => {
    const gaps = new FrameGaps();
    gaps.observe([inbound(300)], 0);
    gaps.observe([inbound(330)], 1_000);
    gaps.observe([inbound(330)], 2_000);
    gaps.observe([inbound(330)], 3_000);
    // Frames back with regular delays only: the counters forgot the hole; the polls saw none from 1000 to 3000.
    expect(gaps.observe([inbound(345)], 4_000)?.longestMs).toBe(2_000);
  });

  it('measures a hole no poll saw (polls late on a loaded machine) from the time the counters leave out', () => {
    const gaps = new FrameGaps();
    gaps.observe([inbound(300)], 0);
    gaps.observe([inbound(330)], 1_000);
    // The next poll comes 1.3 s later and frames were decoded on both sides of a hole: only 9 frames'
    // delays (0.3 s) were counted, so about a second went undecoded (seen in CI: "media gap 78 ms").
    const gap = gaps.observe([inbound(339)], 2_300)?.longestMs ?? 0;
    expect(gap).toBeGreaterThan(900);
    expect(gap).toBeLessThanOrEqual(1_000);
    // Polls late or early but frames steady: no hole is made up.
    expect(gaps.observe([inbound(369)], 3_350)?.longestMs).toBeCloseTo(33.3, 0);
  });

  it('says no video when none arrives', () => {
    expect(new FrameGaps().observe([{ id: 'a', type: 'inbound-rtp', kind: 'audio' }])).toBeNull();
  });
});

const host: SelectedPath = {
  pairId: 'p1',
  rttMs: 2,
  local: { id: 'l1', type: 'host', protocol: 'udp', address: '192.0.2.2', port: 5000, relayProtocol: null, url: null },
  remote: { id: 'r1', type: 'host', protocol: 'udp', address: '192.0.2.3', port: 5001, relayProtocol: null, url: null },
};
const relayTls: SelectedPath = {
  ...host,
  pairId: 'p2',
  local: {
    ...host.local,
    id: 'l2',
    type: 'relay',
    relayProtocol: 'tls',
    url: 'turns:turn.example.org:443?transport=tcp',
  },
};

describe('paths in words', () => {
  it('names a relay by how we reach the TURN server', () => {
    expect(pathKind(host, [])).toBe('host');
    expect(pathKind(relayTls, [])).toBe('relay (TURN over TLS 443)');
    expect(
      pathKind({ ...relayTls, local: { ...relayTls.local, relayProtocol: 'udp', url: 'turn:[::1]:3478' } }, []),
    ).toBe('relay (TURN over UDP 3478)');
    expect(pathKind(null, [])).toBeNull();
  });
});

describe('RecoveryLog', () => {
  it('a restart on a working link ends when a new pair is selected; closed with the new path and the gap', () => {
    let now = 1_000;
    const log = new RecoveryLog(() => now);
    log.stats([inbound(30)], 'host');
    log.begin('network-change', 'eth0 lost 192.0.2.2: the path started there', 'host', false, true);
    now = 1_400;
    log.pairSelected();
    now = 2_000;
    const done = log.stats([inbound(61, 0.3)], 'relay (TURN over TLS 443)');
    expect(done).toMatchObject({
      cause: 'network-change',
      startedAt: 1_000,
      endedAt: 1_400,
      from: 'host',
      to: 'relay (TURN over TLS 443)',
      outcome: 'recovered',
    });
    expect(done?.gapMs).toBeCloseTo(300, -1);
    expect(recoverySentence(done!)).toBe(
      'network change (eth0 lost 192.0.2.2: the path started there): recovered in 400 ms, media gap 300 ms, host → relay (TURN over TLS 443)',
    );
  });

  it('a dropped relay whose TURN server stops answering is "TURN server lost"; it waits for frames before closing', () => {
    let now = 0;
    const log = new RecoveryLog(() => now);
    log.stats([inbound(30)], 'relay (TURN over UDP 3478)');
    log.begin('no-traffic', 'disconnected', 'relay (TURN over UDP 3478)', true, true);
    log.state('reconnecting');
    log.candidateError(701);
    now = 5_000;
    log.state('connected');
    expect(log.stats([inbound(30)], 'relay (TURN over UDP 3478)')).toBeNull();
    expect(log.all[0]?.outcome).toBe('recovering');
    const done = log.stats([inbound(40, 5)], 'relay (TURN over UDP 3478)');
    expect(done).toMatchObject({ cause: 'turn-lost', endedAt: 5_000, outcome: 'recovered' });
    expect(done?.gapMs).toBeCloseTo(5_000, -2);
  });

  it('a link that gives up ends its recovery as not recovered', () => {
    const log = new RecoveryLog(() => 0);
    log.begin('connection-lost', 'failed', 'host', false, false);
    log.state('failed');
    expect(log.all).toHaveLength(1);
    expect(recoverySentence(log.all[0]!)).toBe('connection lost (failed): not recovered, the path was host');
  });
});

describe('the after-call summary', () => {
  it('lists each recovery after the measurements', () => {
    const recovery: RecoveryRecord = {
      startedAt: 0,
      endedAt: 650,
      cause: 'network-change',
      detail: 'wlan0 lost 10.1.0.7: the path started there',
      from: 'host',
      to: 'relay (TURN over TLS 443)',
      gapMs: 420,
      outcome: 'recovered',
    };
    const d = { ...emptyDiagnostics('b', 'Ben', 0), everConnected: true, connectedAt: 300, recoveries: [recovery] };
    const line = summaryLine(summarizeCall(d, { relayOnly: false, turnConfigured: true, stunConfigured: false }));
    expect(line).toContain(
      '. 1 recovery: network change (wlan0 lost 10.1.0.7: the path started there): recovered in 650 ms, media gap 420 ms, host → relay (TURN over TLS 443).',
    );
  });
});
