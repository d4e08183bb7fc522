/**
 * Group calls, mesh against Janus (issue 20's bench): `npm run bench -- group-call`.
 *
 * 1. Four people as a mesh, then four on Janus (JANUS_MESH_MAX 0): each person's upload bitrate
 *    (every outbound RTP stream of every connection in their page, over the window) and their
 *    renderer's CPU (Chromium's own per-process CPU time), in the same run.
 * 2. Six and eight people on Janus: decode health, every tile's frame rate over the window and
 *    the freezes Chromium counted (inbound-rtp freezeCount) in that time.
 *
 * One Chromium with a context (a renderer process) per person, the 160x120 fake camera so eight
 * fit this machine's two cores; real Janus from Debian; the web harness with the app's CSP, Janus
 * reached on the signaling server's origin as through nginx. Every person is on this machine, so
 * CPU figures include the load of the others: compare mesh with SFU within a run, not with a laptop.
 */
import { chromium, type Browser } from '@playwright/test';
import type { Bench } from './run';
import { decoding, open, processes, type Person, type ProcessInfo } from './call-weight.bench';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/chromium';
import { startHarnessWithJanus } from '../tests/harness/janus-harness';
import { startHarness } from '../tests/harness/web-harness';
import { startJanus, type JanusServer } from '../tests/support/janus';
import { smallVideo } from '../tests/support/small-video';

const MEASURE_MS = Number(process.env.BENCH_GROUP_MS ?? 15_000);
const NAMES = ['Ana', 'Ben', 'Cy', 'Dee', 'Eli', 'Fay', 'Gus', 'Hal'];
/** Counts every RTCPeerConnection a page makes, so the bench can read all their stats. */
const WATCH_CONNECTIONS = `
  const Native = window.RTCPeerConnection;
  window.__pcs = [];
  window.RTCPeerConnection = class extends Native {
    constructor(...args) { super(...args); window.__pcs.push(this); }
  };
`;

export interface PersonFigures {
  name: string;
  uploadKbps: number;
  rendererCpuPct: number;
}

export interface DecodeHealth {
  tiles: number;
  /** Frame rate of every tile over the window (frames shown per second). */
  minFps: number;
  medianFps: number;
  /** Freezes counted by Chromium on all tiles together in the window. */
  freezes: number;
}

export interface Scenario {
  mode: 'mesh' | 'sfu';
  people: number;
  perPerson: PersonFigures[];
  decode: DecodeHealth;
}

export interface GroupCallResult {
  name: 'group-call';
  measureMs: number;
  scenarios: Scenario[];
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : sorted[Math.floor(sorted.length / 2)]!;
};

/** Bytes sent and per-track frames decoded and freezes, summed over every connection of the page. */
async function counters(person: Person) {
  return person.page.evaluate(async () => {
    const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs;
    let sent = 0;
    let freezes = 0;
    const frames: Record<string, number> = {};
    for (const [index, pc] of pcs.entries()) {
      if (pc.connectionState === 'closed') continue;
      for (const r of (await pc.getStats()).values() as IterableIterator<Record<string, unknown>>) {
        if (r['type'] === 'outbound-rtp') sent += Number(r['bytesSent'] ?? 0);
        if (r['type'] === 'inbound-rtp' && r['kind'] === 'video') {
          freezes += Number(r['freezeCount'] ?? 0);
          // Stats ids are unique within one connection (Janus names every track alike).
          frames[`${index}:${String(r['id'])}`] = Number(r['framesDecoded'] ?? 0);
        }
      }
    }
    return { sent, freezes, frames, at: performance.now() };
  });
}

async function scenario(browser: Browser, url: (profile: string) => string, mode: 'mesh' | 'sfu', n: number) {
  const people: Person[] = [];
  for (const name of NAMES.slice(0, n)) people.push(await open(browser, url, name, WATCH_CONNECTIONS));
  for (const [i, person] of people.entries()) {
    await person.page.getByRole('button', { name: 'Join' }).click();
    await person.page.getByRole('button', { name: 'Hang up' }).waitFor();
    await decoding(person, i);
  }
  for (const person of people) await decoding(person, n - 1);
  const before = await Promise.all(people.map(counters));
  const cpuBefore = await processes(browser);
  const started = Date.now();
  await new Promise((resolve) => setTimeout(resolve, MEASURE_MS));
  const after = await Promise.all(people.map(counters));
  const cpuAfter = await processes(browser);
  const seconds = (Date.now() - started) / 1000;
  const cpuOf = (pid: number | null) => {
    const a = cpuAfter.find((p: ProcessInfo) => p.id === pid);
    const b = cpuBefore.find((p: ProcessInfo) => p.id === pid);
    return a && b ? round1(((a.cpuTime - b.cpuTime) / seconds) * 100) : 0;
  };
  const perPerson = people.map((p, i) => ({
    name: p.name,
    uploadKbps: round1(((after[i]!.sent - before[i]!.sent) * 8) / 1000 / seconds),
    rendererCpuPct: cpuOf(p.pid),
  }));
  const fps = after.flatMap((a, i) =>
    Object.entries(a.frames)
      .filter(([track]) => track in before[i]!.frames)
      .map(([track, frames]) => (frames - before[i]!.frames[track]!) / seconds),
  );
  const freezes = after.reduce((sum, a, i) => sum + a.freezes - before[i]!.freezes, 0);
  for (const person of people) await person.page.context().close();
  const decode = { tiles: fps.length, minFps: round1(Math.min(...fps)), medianFps: round1(median(fps)), freezes };
  return { mode, people: n, perPerson, decode };
}

async function withHarness<T>(janus: JanusServer | null, run: (url: (profile: string) => string) => Promise<T>) {
  const running = janus ? await startHarnessWithJanus(janus, 0) : null;
  const harness = running?.harness ?? (await startHarness());
  try {
    return await run((profile) => harness.pageUrl(profile));
  } finally {
    await (running ? running.close() : harness.close());
  }
}

export async function runGroupCallBench(): Promise<GroupCallResult> {
  const janus = await startJanus();
  const args = [...CHROMIUM_ARGS, `--use-file-for-fake-video-capture=${smallVideo()}`];
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args });
  try {
    const scenarios: Scenario[] = [];
    scenarios.push(await withHarness(null, (url) => scenario(browser, url, 'mesh', 4)));
    for (const n of [4, 6, 8]) scenarios.push(await withHarness(janus, (url) => scenario(browser, url, 'sfu', n)));
    return { name: 'group-call', measureMs: MEASURE_MS, scenarios };
  } finally {
    await browser.close();
    await janus.stop();
  }
}

export function groupCallTable(r: GroupCallResult): string {
  const avg = (values: number[]) => round1(values.reduce((a, b) => a + b, 0) / Math.max(values.length, 1));
  const rows = r.scenarios.map((s) => {
    const up = s.perPerson.map((p) => p.uploadKbps);
    const cpu = s.perPerson.map((p) => p.rendererCpuPct);
    return `  ${s.mode.padEnd(4)} ${String(s.people).padStart(2)} people  upload ${String(avg(up)).padStart(6)} kbit/s each (${Math.min(...up)}–${Math.max(...up)})  renderer CPU ${String(avg(cpu)).padStart(5)} % each  tiles ${s.decode.tiles}: ${s.decode.medianFps} fps median, ${s.decode.minFps} min, ${s.decode.freezes} freezes`;
  });
  return [
    `group calls, measured over ${r.measureMs / 1000} s each (160x120 camera, all on this machine):`,
    ...rows,
  ].join('\n');
}

export const bench: Bench = {
  async run() {
    const result = await runGroupCallBench();
    return { result, table: groupCallTable(result) };
  },
};
