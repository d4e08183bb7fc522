/** The signaling benchmark's result as a short table for the terminal. */
import type { SignalingResult } from './signaling';

const times = (ratio: number | null) => (ratio === null ? 'not measured' : `${ratio.toFixed(2)}x`);

/** A short table: one row per target and size, with p99 as a ratio to PeerJS at the same size. */
export function signalingTable(result: SignalingResult): string {
  const header = [
    'target',
    'clients',
    'p50 ms',
    'p99 ms',
    'p99 vs PeerJS',
    'p99 by round',
    'msg/s',
    'CPU µs/msg',
    'CPU vs PeerJS',
    'KB/conn',
    'MB under load',
    'refused',
    'lost',
    'gen lag p99 ms',
  ];
  const lines = result.rows.map((r) => {
    const peer = result.rows.find((p) => p.target === 'PeerJS server' && p.clients === r.clients);
    const ratio = peer ? `${(r.p99Ms / peer.p99Ms).toFixed(2)}x` : '';
    const cpuRatio = peer ? `${(r.serverCpuMicrosPerMessage / peer.serverCpuMicrosPerMessage).toFixed(2)}x` : '';
    return [
      r.target,
      r.clients,
      r.p50Ms,
      r.p99Ms,
      ratio,
      r.roundP99Ms.join(' / '),
      r.messagesPerSecond,
      r.serverCpuMicrosPerMessage,
      cpuRatio,
      r.memoryPerConnectionKB,
      r.residentUnderLoadMB,
      r.refused,
      r.lost,
      r.generatorLagP99Ms,
    ].map(String);
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  const verdict = [
    `5,000 clients on one process with p99 < 25 ms: ${result.targets.oneProcess5000P99Under25Ms === null ? 'not measured' : result.targets.oneProcess5000P99Under25Ms ? 'yes' : 'NO'}`,
    `ahead of PeerJS on p99 at every size: ${result.targets.aheadOfPeerJsOnP99AtEverySize ? 'yes' : 'NO'}`,
    `one process's CPU per message at 5,000 clients against PeerJS: ${times(result.targets.cpu5000VsPeerJs)}; against the bare socket.io relay: ${times(result.targets.cpu5000VsSocketIoFloor)}`,
  ];
  const reference = [
    'bare ws relay, our checks: a reference (what any relay that validates pays), not something we deploy',
    'bare socket.io relay, no checks: a reference (what socket.io itself costs), not something we deploy',
  ];
  const note = `${result.rounds} rounds of ${result.measureMs / 1000} s per target and size; p50/p99 over every message of every round`;
  const flags = `our server ran with: node ${[...result.serverNodeFlags, '--import tsx server/index.ts'].join(' ')}`;
  return [row(header), ...lines.map(row), '', note, flags, ...reference, ...verdict].join('\n');
}
