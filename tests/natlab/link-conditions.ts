/**
 * Link conditions on a home's link to the internet: delay, jitter and loss by
 * the wire (wire.py, a userspace link emulator in the wire namespace that
 * setNat(id, kind, { wired: true }) puts between the router and the internet),
 * and a rate limit by tc tbf on the wire's interfaces. This kernel has no netem.
 *
 * Directions: "up" is home → internet, "down" internet → home. A round trip
 * through the link crosses it once each way, so 50 ms each way is 100 ms RTT.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { HOMES, inNs, WIRE_IFS, wireNamespace, type HomeId } from './lab';

/** Debian's python3-minimal; the wire uses nothing beyond it. */
export const PYTHON = '/usr/bin/python3';
const WIRE_PY = fileURLToPath(new URL('./wire.py', import.meta.url));

export interface LinkConditions {
  /** Fixed one-way delay, ms. */
  delayMs: number;
  /**
   * Each frame's extra delay is uniform in [-jitterMs, +jitterMs], drawn per frame (netem's
   * "delay D J"); frames may overtake each other. Must not exceed delayMs.
   */
  jitterMs: number;
  /** Random loss of each frame, percent (ARP excepted). */
  lossPct: number;
  /** A rate limit in kbit/s (tc tbf), or none. */
  rateKbit?: number;
}

export const NO_CONDITIONS: LinkConditions = { delayMs: 0, jitterMs: 0, lossPct: 0 };

/** What the wire counted in one direction since it started. */
export interface WireCounts {
  in: number;
  sent: number;
  lost: number;
  oversize: number;
  /** How late the wire let frames go, against their release time (its own error), ms. */
  lateMeanMs: number;
  lateMaxMs: number;
}

export type Direction = 'up' | 'down';
/** wire.py's names: ab is from its first interface (the router side) to its second. */
const WIRE_DIRECTION: Record<Direction, 'ab' | 'ba'> = { up: 'ab', down: 'ba' };
/** Where a direction's frames leave the wire: tbf shapes there. */
const EGRESS: Record<Direction, string> = { up: WIRE_IFS.inet, down: WIRE_IFS.router };

export interface LabWire {
  /** Imposes conditions on both directions, or on each as given. */
  set(conditions: LinkConditions | Record<Direction, LinkConditions>): Promise<void>;
  clear(): Promise<void>;
  counts(): Promise<Record<Direction, WireCounts>>;
  stop(): Promise<void>;
}

/** Puts a tbf rate limit on `dev`'s egress in namespace `ns`, replacing any; none when rateKbit is undefined. */
async function rateLimit(ns: string, dev: string, rateKbit: number | undefined): Promise<void> {
  await inNs(ns, 'tc', 'qdisc', 'del', 'dev', dev, 'root').catch(() => undefined);
  if (rateKbit === undefined) return;
  // A bucket of ~20 ms at the rate (at least two full frames) and a queue of up to 200 ms before tbf drops.
  const burst = Math.max(3_200, Math.round((rateKbit * 1_000) / 8 / 50));
  await inNs(
    ns,
    'tc',
    'qdisc',
    'add',
    'dev',
    dev,
    'root',
    'tbf',
    'rate',
    `${rateKbit}kbit`,
    'burst',
    `${burst}`,
    'latency',
    '200ms',
  );
}

/**
 * Limits home id's upload (home → internet) to rateKbit with tbf on its router's wan, or lifts the
 * limit (undefined). Needs no wire: tbf alone shapes, which is what a slow uplink does.
 */
export const limitUpload = (id: HomeId, rateKbit: number | undefined) => rateLimit(HOMES[id].router, 'wan', rateKbit);

/** Starts the wire in home id's link (setNat must have built it wired) and resolves once it carries frames. */
export async function startWire(id: HomeId, seed?: number): Promise<LabWire> {
  const ns = wireNamespace(id);
  const child = spawn('ip', ['netns', 'exec', ns, PYTHON, '-I', WIRE_PY, WIRE_IFS.router, WIRE_IFS.inet], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const talk = conversation(child, `the wire in ${HOMES[id].router}'s link`);
  await talk.next('WIRE READY');
  if (seed !== undefined) await talk.ask(`seed ${seed}`);
  const shape = (direction: Direction, rateKbit: number | undefined) => rateLimit(ns, EGRESS[direction], rateKbit);
  const wire: LabWire = {
    async set(conditions) {
      const each: Record<Direction, LinkConditions> =
        'up' in conditions ? conditions : { up: conditions, down: conditions };
      for (const direction of ['up', 'down'] as const) {
        const c = each[direction];
        await talk.ask(`set ${WIRE_DIRECTION[direction]} delay=${c.delayMs} jitter=${c.jitterMs} loss=${c.lossPct}`);
        await shape(direction, c.rateKbit);
      }
    },
    clear: () => wire.set(NO_CONDITIONS),
    async counts() {
      const line = await talk.ask('stats');
      const parse = (name: 'ab' | 'ba'): WireCounts => {
        const part =
          line
            .replace(/^OK /, '')
            .split('|')
            .find((p) => p.trim().startsWith(`${name} `)) ?? '';
        const value = (key: string) => Number(new RegExp(`\\b${key}=([\\d.]+)`).exec(part)?.[1] ?? NaN);
        return {
          in: value('in'),
          sent: value('sent'),
          lost: value('lost'),
          oversize: value('oversize'),
          lateMeanMs: value('late_mean_ms'),
          lateMaxMs: value('late_max_ms'),
        };
      };
      return { up: parse('ab'), down: parse('ba') };
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((done) => child.once('exit', done));
      child.stdin.end();
      await exited;
    },
  };
  return wire;
}

/** Line-by-line talk with the wire: each command is answered by one line, "OK …" or "ERROR …". */
function conversation(child: ChildProcessWithoutNullStreams, name: string) {
  const lines: string[] = [];
  const waiting: ((line: string | null) => void)[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const rl = createInterface({ input: child.stdout });
  rl.on('line', (line) => (waiting.shift() ?? ((l: string) => lines.push(l)))(line));
  child.once('exit', () => {
    for (const w of waiting.splice(0)) w(null);
  });
  const read = (): Promise<string | null> =>
    lines.length > 0 ? Promise.resolve(lines.shift()!) : new Promise((done) => waiting.push(done));
  const fail = (what: string) =>
    new Error(
      `NAT lab: ${name} ${what}${stderr.trim() ? `; it said: ${stderr.trim()}` : ''} (wire.py needs ${PYTHON}, Debian's python3-minimal)`,
    );
  return {
    async next(prefix: string): Promise<string> {
      const line = await read();
      if (line === null) throw fail(`ended before "${prefix}"`);
      if (!line.startsWith(prefix)) throw fail(`answered "${line}", expected "${prefix}"`);
      return line;
    },
    async ask(command: string): Promise<string> {
      if (child.exitCode !== null) throw fail(`has ended (asked "${command}")`);
      child.stdin.write(`${command}\n`);
      const line = await read();
      if (line === null) throw fail(`ended on "${command}"`);
      if (!line.startsWith('OK')) throw fail(`refused "${command}": ${line}`);
      return line;
    },
  };
}
