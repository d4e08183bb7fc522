/** A relayed call's diagnostics, from a recorded Chromium call (tests/fixtures/stats/), for the unit tests to vary. */
import { readFileSync } from 'node:fs';
import { parseCandidate } from '../../shared/candidate';
import type { PeerDiagnostics } from '../../shared/diagnostics';
import { snapshot, type ConnectionSnapshot, type StatsRecord } from '../../shared/stats';

export const relayed = (() => {
  const data = JSON.parse(readFileSync(new URL('../fixtures/stats/relay-udp.json', import.meta.url), 'utf8')) as {
    reports: StatsRecord[][];
  };
  return snapshot(data.reports[1]!, snapshot(data.reports[0]!));
})();

export const with_ = (s: ConnectionSnapshot, patch: Partial<ConnectionSnapshot>): ConnectionSnapshot => ({
  ...s,
  ...patch,
});
/** The snapshot with these figures over the recent window (what grades and hints read). */
export const recent = (s: ConnectionSnapshot, patch: Partial<ConnectionSnapshot['recent']>): ConnectionSnapshot => ({
  ...s,
  recent: { ...s.recent, ...patch },
});
export const line = (type: string, address = '192.0.2.2', port = 5000) =>
  `candidate:1 1 udp 1 ${address} ${port} typ ${type}`;

export function diag(patch: Partial<PeerDiagnostics> = {}): PeerDiagnostics {
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
    weakHopMs: {},
    ...patch,
  };
}
