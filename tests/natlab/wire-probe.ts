/**
 * A UDP ping across the lab (udp-probe.py; this image has no ping): an echo in
 * one home, a ping series from the other, and what it measured.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { spawnUntilLog } from '../support/spawn-until-log';
import { HOMES, inNamespace, type HomeId } from './lab';
import { PYTHON } from './link-conditions';

const run = promisify(execFile);
const PROBE = fileURLToPath(new URL('./udp-probe.py', import.meta.url));
const ECHO_PORT = 7007;

export interface PingResult {
  sent: number;
  received: number;
  lossPct: number;
  rttMeanMs: number;
  /** Robust against the few answers a loaded machine's kernel holds up for hundreds of ms. */
  rttMedianMs: number;
  rttMinMs: number;
  rttMaxMs: number;
  /** RFC 3550 interarrival jitter of the answers, in arrival order. */
  jitterMs: number;
}

/** Pings `count` datagrams, `intervalMs` apart, from home `from` to an echo in home `to`. */
export async function udpPing(from: HomeId, to: HomeId, count: number, intervalMs: number): Promise<PingResult> {
  const [echoCommand, echoArgs] = inNamespace(HOMES[to].home, PYTHON, ['-I', PROBE, 'echo', String(ECHO_PORT)]);
  const echo = await spawnUntilLog(echoCommand, echoArgs, {
    name: 'the UDP echo',
    until: 'READY',
    timeoutMs: 10_000,
    killAfterMs: 1_000,
  });
  try {
    const [command, args] = inNamespace(HOMES[from].home, PYTHON, [
      '-I',
      PROBE,
      'ping',
      HOMES[to].client,
      String(ECHO_PORT),
      String(count),
      String(intervalMs),
    ]);
    const { stdout } = await run(command, args, { timeout: count * intervalMs + 15_000 });
    const value = (key: string) => {
      const m = new RegExp(`\\b${key}=(-?[\\d.]+)`).exec(stdout);
      if (!m) throw new Error(`the UDP ping printed no ${key}: ${stdout.trim()}`);
      return Number(m[1]);
    };
    return {
      sent: value('sent'),
      received: value('received'),
      lossPct: value('loss_pct'),
      rttMeanMs: value('rtt_mean_ms'),
      rttMedianMs: value('rtt_median_ms'),
      rttMinMs: value('rtt_min_ms'),
      rttMaxMs: value('rtt_max_ms'),
      jitterMs: value('jitter_ms'),
    };
  } finally {
    await echo.stop();
  }
}
