/**
 * One answer to "is this call relayed?" everywhere: Chromium often reports the
 * remote end of a relayed path as prflx (learned from a connectivity check
 * before the peer's relay candidate arrived by signaling). A prflx whose
 * address is the relay the peer announced is relayed, in every consumer: the
 * recorder (graph and relayed time), the report's selected path, the hints
 * and the path words.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildReport, hintsFor, pathWords } from '../../shared/report';
import { snapshot, type StatsRecord } from '../../shared/stats';
import { LinkRecorder } from '../../renderer/src/diagnostics/link-recorder';
import type { PeerDiagnostics } from '../../shared/diagnostics';

/** A recorded direct call whose selected remote candidate is rewritten as a prflx at the peer's relay address. */
function prflxRelayRecords(): { records: StatsRecord[]; relayLine: string } {
  const data = JSON.parse(readFileSync(new URL('../fixtures/stats/direct-host.json', import.meta.url), 'utf8')) as {
    reports: StatsRecord[][];
  };
  const records = structuredClone(data.reports[1]!);
  const path = snapshot(records).path!;
  const remote = records.find((r) => r.id === path.remote.id)!;
  remote.candidateType = 'prflx';
  remote.address = '198.51.100.9';
  remote.port = 50_000;
  // The peer's own announcement of that address, as a relay candidate.
  return { records, relayLine: 'candidate:9 1 udp 1 198.51.100.9 50000 typ relay raddr 0.0.0.0 rport 0' };
}

function recorded(): PeerDiagnostics {
  const { records, relayLine } = prflxRelayRecords();
  let data: PeerDiagnostics | null = null;
  let now = 1_000;
  const recorder = new LinkRecorder(
    'p1',
    'Ben',
    (d) => (data = d),
    () => now,
  );
  recorder.candidate('received', relayLine);
  recorder.state('connected');
  now = 2_000;
  recorder.stats(
    records.map((r) => ({ ...r, currentRoundTripTime: r.type === 'candidate-pair' ? 0.4 : r.currentRoundTripTime })),
  );
  now = 3_000;
  recorder.stats(records);
  return data!;
}

describe('a relay that Chromium reports as prflx counts as relayed', () => {
  it('in the recorder: graph points and relayed time', () => {
    const d = recorded();
    expect(d.series.at(-1)?.relayed).toBe(true);
    expect(d.relayedMs).toBe(d.connectedMs);
  });

  it("in the report's selected path and path words", () => {
    const d = recorded();
    expect(pathWords(d)).toMatch(/^relayed/);
    const report = buildReport({
      generatedAt: 0,
      app: { version: '0', platform: 'test', userAgent: 'Chrome/1' },
      room: 'r',
      settings: {},
      ice: { servers: [], source: 'test', expiresAt: null, error: null },
      providerStatus: null,
      serverTests: null,
      peers: [d],
      hintSettings: { relayOnly: false, turnConfigured: true, stunConfigured: true },
      tracks: {},
    });
    expect(report.peers[0]?.selectedPath?.relayed).toBe(true);
  });

  it('in the hints: a slow relayed path is not "a direct path"', () => {
    const d = recorded();
    const slow = { ...d, latest: d.latest && { ...d.latest, recent: { ...d.latest.recent, rttMs: 400 } } };
    const symptoms = hintsFor(slow, { relayOnly: false, turnConfigured: true, stunConfigured: true }).map(
      (h) => h.symptom,
    );
    expect(symptoms).not.toContain('High latency on a direct path');
  });
});
