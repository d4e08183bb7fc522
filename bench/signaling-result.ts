/** What the signaling benchmark (bench/signaling.ts) measures: its targets, rows and result, as JSON. */
import type { LoadResult } from './signaling-load';

export type Target =
  | 'one process'
  | 'two processes + Redis'
  | 'PeerJS server'
  | 'bare ws relay, our checks'
  | 'bare socket.io relay, no checks';

export interface SignalingRow extends Omit<LoadResult, 'latencies'> {
  target: Target;
  clients: number;
  /** p99 of each round on its own, to show how much runs differ. */
  roundP99Ms: number[];
  /** Server resident memory added per connected client, before traffic (sum over processes; Redis not counted). */
  memoryPerConnectionKB: number;
  /** Server resident memory at the end of traffic, in MB (sum over processes; Redis not counted). */
  residentUnderLoadMB: number;
  /**
   * CPU time the server side (every server process, and Redis when used) spent
   * per relayed message while measuring: unlike latency, this hardly moves when
   * other programs compete for the CPU.
   */
  serverCpuMicrosPerMessage: number;
  lost: number;
}

export interface SignalingResult {
  name: 'signaling';
  machine: { cpus: number; node: string };
  /** The Node/V8 flags our server processes ran with (bench/server-flags.ts). */
  serverNodeFlags: string[];
  ratePerClient: number;
  measureMs: number;
  rounds: number;
  rows: SignalingRow[];
  targets: {
    oneProcess5000P99Under25Ms: boolean | null;
    aheadOfPeerJsOnP99AtEverySize: boolean;
    /** One process's CPU per message at 5,000 clients over PeerJS's, and over the bare socket.io relay's. */
    cpu5000VsPeerJs: number | null;
    cpu5000VsSocketIoFloor: number | null;
  };
}
