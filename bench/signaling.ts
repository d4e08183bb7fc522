/**
 * Signaling load benchmark: N clients in rooms of two exchanging descriptions
 * and candidates at a steady rate, against our server on one process, on two
 * processes through Redis (every pair split across the two, so every message
 * crosses Redis), against the PeerJS server, and against a bare `ws` relay
 * making our checks (bench/reference-relay.ts: the floor for any relay that
 * validates what it forwards), and against a socket.io server that checks nothing
 * (bench/socketio-floor.ts: the floor for any socket.io relay), in one run on 127.0.0.1.
 * Servers and the load generator are separate processes. Each size runs in
 * rounds, the targets interleaved (and their order rotated) so a burst of
 * load from elsewhere on the machine falls on all of them alike; percentiles
 * are over every message of every round, and each round's p99 is kept too.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { freeTcpPort } from '../tests/support/ports';
import { startRedis, type RedisServer } from '../tests/support/redis';
import { startServerProcess } from '../tests/support/server-process';
import { spawnUntilLog } from '../tests/support/spawn-until-log';
import { benchServerFlags } from './server-flags';
export { signalingTable } from './signaling-table';
import { percentile, type LoadConfig, type LoadMessage, type LoadResult } from './signaling-load';
import type { SignalingResult, SignalingRow, Target } from './signaling-result';
export type { SignalingResult, SignalingRow, Target } from './signaling-result';

const here = fileURLToPath(new URL('.', import.meta.url));

/** Targets that speak the PeerJS wire format to the generator. */
const PEERJS_WIRE: ReadonlySet<Target> = new Set(['PeerJS server', 'bare ws relay, our checks']);

export interface SignalingOptions {
  sizes?: number[];
  ratePerClient?: number;
  warmupMs?: number;
  measureMs?: number;
  /** Runs per target and size (default 3). */
  rounds?: number;
}

interface Running {
  urls: string[];
  pids: number[];
  /** Processes whose CPU counts as the server side (servers, and Redis). */
  cpuPids: number[];
  stop(): Promise<void>;
}

/** User + system CPU time of a process so far, in ms (from /proc; clock ticks are 10 ms on Linux). */
async function cpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const totalCpuMs = async (pids: number[]) => (await Promise.all(pids.map(cpuMs))).reduce((a, b) => a + b, 0);

async function rssKB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
}

/** A one-file server in bench/ started as its own process: the PeerJS server, or the reference relay. */
async function startScript(script: string, name: string): Promise<Running> {
  const port = await freeTcpPort();
  const server = await spawnUntilLog(process.execPath, ['--import', 'tsx', `${here}${script}`, String(port)], {
    name,
    until: 'listening',
  });
  const pid = server.child.pid!;
  return { urls: [`http://127.0.0.1:${port}`], pids: [pid], cpuPids: [pid], stop: () => server.stop('SIGKILL') };
}

function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

async function startOurs(processes: 1 | 2, redis: RedisServer | null, flags: string[]): Promise<Running> {
  // Benchmark clients send one message per second each: the per-socket limits stay as deployed.
  // They all come from 127.0.0.1, so the per-address socket cap is lifted (a deployment keeps it).
  const env: Record<string, string> = {
    MAX_CONNECTIONS_PER_ADDRESS: '1000000',
    ...(redis ? { REDIS_URL: redis.url } : {}),
  };
  const servers = await Promise.all(
    Array.from({ length: processes }, () => startServerProcess(env, { nodeFlags: flags })),
  );
  const pids = servers.map((s) => s.child.pid!);
  return {
    urls: servers.map((s) => s.url),
    pids,
    cpuPids: redis ? [...pids, redis.pid] : pids,
    stop: async () => {
      await Promise.all(servers.map((s) => s.kill()));
    },
  };
}

interface RoundResult extends LoadResult {
  memoryPerConnectionKB: number;
  residentUnderLoadMB: number;
  serverCpuMicrosPerMessage: number;
}

/** Runs the generator against `running` once; returns its figures plus server memory and CPU. */
async function measure(
  target: Target,
  running: Running,
  config: Omit<LoadConfig, 'urls' | 'protocol'>,
): Promise<RoundResult> {
  const before = (await Promise.all(running.pids.map(rssKB))).reduce((a, b) => a + b, 0);
  const full: LoadConfig = {
    ...config,
    urls: running.urls,
    protocol: PEERJS_WIRE.has(target) ? 'peerjs' : 'socket.io',
  };
  const child = fork(`${here}signaling-load.ts`, [JSON.stringify(full)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    let memoryPerConnectionKB = NaN;
    let cpuAtRun = 0;
    let cpuAtEnd = 0;
    let residentUnderLoadMB = NaN;
    let finished = false;
    const result = await new Promise<LoadResult>((resolve, reject) => {
      child.on('message', (raw) => {
        const message = raw as LoadMessage;
        if (message.type === 'error') reject(new Error(`load generator against ${target}: ${message.message}`));
        if (message.type === 'result') {
          finished = true;
          void Promise.all([totalCpuMs(running.cpuPids), Promise.all(running.pids.map(rssKB))]).then(([ms, rss]) => {
            cpuAtEnd = ms;
            residentUnderLoadMB = Math.round(rss.reduce((a, b) => a + b, 0) / 1024);
            resolve(message.result);
          });
        }
        if (message.type === 'ready') {
          void Promise.all([Promise.all(running.pids.map(rssKB)), totalCpuMs(running.cpuPids)]).then(([after, cpu]) => {
            memoryPerConnectionKB =
              Math.round(((after.reduce((a, b) => a + b, 0) - before) / config.clients) * 10) / 10;
            cpuAtRun = cpu;
            child.send('run');
          });
        }
      });
      // The generator exits right after sending its result, possibly before the figures above are read.
      child.once('exit', (code) => {
        if (!finished) reject(new Error(`load generator exited (${code}) against ${target} before sending a result`));
      });
    });
    // Counted from the start of traffic (warm-up included) to the end, over every message relayed in that time.
    const relayed = Math.max(1, result.received + Math.round((result.messagesPerSecond * config.warmupMs) / 1000));
    const serverCpuMicrosPerMessage = Math.round(((cpuAtEnd - cpuAtRun) * 1000) / relayed);
    return { ...result, memoryPerConnectionKB, residentUnderLoadMB, serverCpuMicrosPerMessage };
  } finally {
    await kill(child);
  }
}

const mean = (values: number[]) => Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10) / 10;

/** One row from several rounds: percentiles over every message, counts summed, costs averaged. */
function pool(target: Target, clients: number, rounds: RoundResult[]): SignalingRow {
  const all = rounds.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const sent = rounds.reduce((a, r) => a + r.sent, 0);
  const received = rounds.reduce((a, r) => a + r.received, 0);
  const disconnects: Record<string, number> = {};
  for (const r of rounds)
    for (const [reason, n] of Object.entries(r.disconnects)) disconnects[reason] = (disconnects[reason] ?? 0) + n;
  return {
    target,
    clients,
    connectMs: Math.round(mean(rounds.map((r) => r.connectMs))),
    sent,
    received,
    refused: rounds.reduce((a, r) => a + r.refused, 0),
    lost: Math.max(0, sent - received),
    p50Ms: percentile(all, 50),
    p99Ms: percentile(all, 99),
    maxMs: all.at(-1) ?? NaN,
    roundP99Ms: rounds.map((r) => r.p99Ms),
    messagesPerSecond: Math.round(mean(rounds.map((r) => r.messagesPerSecond))),
    generatorLagP99Ms: Math.max(...rounds.map((r) => r.generatorLagP99Ms)),
    disconnects,
    memoryPerConnectionKB: mean(rounds.map((r) => r.memoryPerConnectionKB)),
    residentUnderLoadMB: Math.max(...rounds.map((r) => r.residentUnderLoadMB)),
    serverCpuMicrosPerMessage: Math.round(mean(rounds.map((r) => r.serverCpuMicrosPerMessage))),
  };
}

export async function runSignalingBench(options: SignalingOptions = {}): Promise<SignalingResult> {
  const sizes = options.sizes ?? [500, 2_000, 5_000];
  const rounds = options.rounds ?? 3;
  const load = {
    ratePerClient: options.ratePerClient ?? 1,
    warmupMs: options.warmupMs ?? 2_000,
    measureMs: options.measureMs ?? 8_000,
  };
  const rows: SignalingRow[] = [];
  const flags = benchServerFlags();
  const redis = await startRedis();
  try {
    for (const clients of sizes) {
      const targets: [Target, () => Promise<Running>][] = [
        ['one process', () => startOurs(1, null, flags)],
        ['two processes + Redis', () => startOurs(2, redis, flags)],
        ['PeerJS server', () => startScript('peerjs-server.ts', 'PeerJS server')],
        // How close any relay that checks what it forwards can get to PeerJS: the floor under our figures.
        ['bare ws relay, our checks', () => startScript('reference-relay.ts', 'reference relay')],
        // What socket.io itself costs per message before a server checks or keeps anything.
        ['bare socket.io relay, no checks', () => startScript('socketio-floor.ts', 'socket.io floor')],
      ];
      const results = new Map<Target, RoundResult[]>(targets.map(([target]) => [target, []]));
      for (let round = 0; round < rounds; round += 1) {
        for (let k = 0; k < targets.length; k += 1) {
          const [target, start] = targets[(round + k) % targets.length]!;
          const running = await start();
          try {
            const result = await measure(target, running, { clients, ...load });
            results.get(target)!.push(result);
            console.log(
              `  ${target}, ${clients} clients, round ${round + 1}/${rounds}: p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, ${result.messagesPerSecond} msg/s`,
            );
          } finally {
            await running.stop();
          }
        }
      }
      for (const [target] of targets) rows.push(pool(target, clients, results.get(target)!));
    }
  } finally {
    await redis.stop();
  }
  const at = (target: Target, clients: number) => rows.find((r) => r.target === target && r.clients === clients);
  const one5000 = at('one process', 5_000);
  const cpuOver = (target: Target) => {
    const other = at(target, 5_000);
    if (!one5000 || !other) return null;
    return Math.round((one5000.serverCpuMicrosPerMessage / other.serverCpuMicrosPerMessage) * 100) / 100;
  };
  return {
    name: 'signaling',
    machine: { cpus: cpus().length, node: process.version },
    serverNodeFlags: flags,
    ratePerClient: load.ratePerClient,
    measureMs: load.measureMs,
    rounds,
    rows,
    targets: {
      oneProcess5000P99Under25Ms: one5000 ? one5000.p99Ms < 25 && one5000.lost === 0 : null,
      aheadOfPeerJsOnP99AtEverySize: sizes.every(
        (n) => (at('one process', n)?.p99Ms ?? Infinity) < (at('PeerJS server', n)?.p99Ms ?? -Infinity),
      ),
      cpu5000VsPeerJs: cpuOver('PeerJS server'),
      cpu5000VsSocketIoFloor: cpuOver('bare socket.io relay, no checks'),
    },
  };
}
