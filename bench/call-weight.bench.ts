/**
 * The app's weight during a call, and what a call leaves behind (issue 21's "Weight").
 *
 * 1. Four people in one mesh room (four browser contexts of one Chromium, so four renderer
 *    processes), each decoding the three others: CPU per renderer process over a measuring
 *    window (Chromium's own per-process CPU time, CDP SystemInfo.getProcessInfo), the browser's
 *    other processes (GPU, network, audio…) apart, and each page's JS heap and renderer RSS.
 * 2. One of them leaves and joins again CYCLES times (10 by default) while the others stay: after
 *    each leave, a forced garbage collection, then that page's JS heap, its renderer's RSS and
 *    the RTCPeerConnection and MediaStreamTrack objects still alive (CDP Runtime.queryObjects).
 *    A leak of peer connections, tracks, timers or listeners shows up as growth here.
 *
 * The web harness runs the same core as the desktop app's main process, in this process; its
 * CPU is not separated from the benchmark's own driving of the pages, so it is not reported.
 */
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import type { Bench } from './run';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/chromium';
import { startHarness } from '../tests/harness/web-harness';

const PEOPLE = ['Ana', 'Ben', 'Cy', 'Dee'] as const;
const MEASURE_MS = Number(process.env.BENCH_WEIGHT_MS ?? 20_000);
const CYCLES = Number(process.env.BENCH_CYCLES ?? 10);
/** The target: memory after the last cycle within 10 % of the first. */
const GROWTH_LIMIT = 0.1;

export interface Person {
  name: string;
  page: Page;
  cdp: CDPSession;
  /** Its renderer process: the largest of those that appeared when its page opened (null if none did). */
  pid: number | null;
}

export interface ProcessInfo {
  type: string;
  id: number;
  cpuTime: number;
}

export interface CycleSample {
  cycle: number;
  jsHeapMB: number;
  rendererRssMB: number | null;
  /** RTCPeerConnections not closed, after leaving: a leak if above 0. */
  openPeerConnections: number;
  /** RTCPeerConnections still reachable (closed ones included). */
  heldPeerConnections: number;
  liveTracks: number;
}

export interface CallWeightResult {
  name: 'call-weight';
  people: number;
  measureMs: number;
  /** CPU of each renderer process over the window, in % of one core. */
  rendererCpuPct: number[];
  /** CPU of the browser's other processes (browser, GPU, network, audio, …) together, % of one core. */
  otherProcessesCpuPct: number;
  jsHeapMB: number[];
  rendererRssMB: number[];
  cycles: CycleSample[];
  /** Last cycle against the first, for JS heap and renderer RSS. */
  heapGrowth: number;
  rssGrowth: number | null;
  target: string;
  met: boolean;
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const mb = (bytes: number) => round1(bytes / 1024 / 1024);

export async function processes(browser: Browser): Promise<ProcessInfo[]> {
  const session = await browser.newBrowserCDPSession();
  try {
    const info = await session.send('SystemInfo.getProcessInfo');
    return info.processInfo;
  } finally {
    await session.detach();
  }
}

/** Resident memory of a process, from /proc (Linux); null elsewhere. */
export async function rssMB(pid: number): Promise<number | null> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => null);
  const kb = status?.match(/^VmRSS:\s+(\d+)\s+kB/m)?.[1];
  return kb ? round1(Number(kb) / 1024) : null;
}

export async function jsHeapMB(person: Person): Promise<number> {
  await person.cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await person.cdp.send('Performance.getMetrics');
  return mb(metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0);
}

/**
 * How many objects with this prototype the page still holds after a forced GC, counted by
 * `count` (a function of the array of them), through CDP Runtime.queryObjects.
 */
async function liveObjects(person: Person, prototype: string, count = 'function () { return this.length; }') {
  await person.cdp.send('HeapProfiler.collectGarbage');
  const proto = (await person.cdp.send('Runtime.evaluate', { expression: prototype })) as {
    result: { objectId?: string };
  };
  if (!proto.result.objectId) throw new Error(`${prototype} is not an object in the page`);
  const found = (await person.cdp.send('Runtime.queryObjects', { prototypeObjectId: proto.result.objectId })) as {
    objects: { objectId?: string };
  };
  const counted = (await person.cdp.send('Runtime.callFunctionOn', {
    objectId: found.objects.objectId,
    functionDeclaration: count,
    returnByValue: true,
  })) as { result: { value: number } };
  await person.cdp.send('Runtime.releaseObject', { objectId: proto.result.objectId });
  if (found.objects.objectId) await person.cdp.send('Runtime.releaseObject', { objectId: found.objects.objectId });
  return counted.result.value;
}

/** Opens `name`'s page in a context of its own (`init`: a script run first in it). */
export async function open(
  browser: Browser,
  pageUrl: (profile: string) => string,
  name: string,
  init = '',
): Promise<Person> {
  const renderers = async () => (await processes(browser)).filter((p) => p.type === 'renderer').map((p) => p.id);
  const known = new Set(await renderers());
  const context = await browser.newContext();
  // tsx keeps function names with an `__name` helper that pages do not have.
  await context.addInitScript({ content: `globalThis.__name = (f) => f;\n${init}` });
  const page = await context.newPage();
  await page.goto(pageUrl(`weight${name}`));
  await page.getByLabel('Display name').fill(name);
  await page.getByLabel('Room').fill('weight');
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const fresh = (await renderers()).filter((id) => !known.has(id));
  const sized = await Promise.all(fresh.map(async (id) => ({ id, rss: (await rssMB(id)) ?? 0 })));
  const pid = sized.sort((a, b) => b.rss - a.rss)[0]?.id ?? null;
  return { name, page, cdp, pid };
}

/** Joins and waits until the person decodes video from `others` people. */
async function joinAndDecode(person: Person, others: number): Promise<void> {
  await person.page.getByRole('button', { name: 'Join' }).click();
  await person.page.getByRole('button', { name: 'Hang up' }).waitFor();
  await decoding(person, others);
}

export async function decoding(person: Person, others: number): Promise<void> {
  await person.page.waitForFunction(
    (n) => {
      const tiles = [...document.querySelectorAll('figure.tile[data-frames-decoded]')];
      return tiles.length >= n && tiles.every((t) => Number(t.getAttribute('data-frames-decoded')) > 10);
    },
    others,
    { timeout: 60_000, polling: 250 },
  );
}

async function leave(person: Person): Promise<void> {
  await person.page.getByRole('button', { name: 'Hang up' }).click();
  await person.page.getByRole('button', { name: 'Join' }).waitFor();
}

const growth = (first: number | null, last: number | null) =>
  first === null || last === null || first === 0 ? null : (last - first) / first;

async function measure(browser: Browser, people: Person[]) {
  const pids = new Set(people.map((p) => p.pid));
  const before = await processes(browser);
  const started = Date.now();
  await new Promise((resolve) => setTimeout(resolve, MEASURE_MS));
  const after = await processes(browser);
  const seconds = (Date.now() - started) / 1000;
  const cpu = (p: ProcessInfo) => {
    const was = before.find((b) => b.id === p.id && b.type === p.type);
    return was ? round1(((p.cpuTime - was.cpuTime) / seconds) * 100) : null;
  };
  const rendererCpuPct = people.map((person) => {
    const p = after.find((a) => a.id === person.pid);
    return p ? (cpu(p) ?? 0) : 0;
  });
  const otherProcessesCpuPct = round1(
    after
      .filter((p) => !pids.has(p.id))
      .map(cpu)
      .reduce<number>((sum, v) => sum + (v ?? 0), 0),
  );
  const rendererRssMB = (await Promise.all(people.map((p) => rssMB(p.pid ?? 0)))).map((v) => v ?? 0);
  const heaps = await Promise.all(people.map(jsHeapMB));
  return { rendererCpuPct, otherProcessesCpuPct, rendererRssMB, jsHeapMB: heaps };
}

/** The first person leaves and joins again CYCLES times; `leaverPid` is their renderer (the process that appeared when their page opened). */
async function cycles(people: Person[]): Promise<CycleSample[]> {
  const [leaver, ...stayers] = people;
  const samples: CycleSample[] = [];
  for (let cycle = 1; cycle <= CYCLES; cycle += 1) {
    await leave(leaver!);
    samples.push({
      cycle,
      jsHeapMB: await jsHeapMB(leaver!),
      rendererRssMB: leaver!.pid === null ? null : await rssMB(leaver!.pid),
      openPeerConnections: await liveObjects(
        leaver!,
        'RTCPeerConnection.prototype',
        "function () { return this.filter((pc) => pc.connectionState !== 'closed').length; }",
      ),
      heldPeerConnections: await liveObjects(leaver!, 'RTCPeerConnection.prototype'),
      liveTracks: await liveObjects(
        leaver!,
        'MediaStreamTrack.prototype',
        "function () { return this.filter((t) => t.readyState === 'live').length; }",
      ),
    });
    await joinAndDecode(leaver!, stayers.length);
  }
  return samples;
}

export async function runCallWeightBench(): Promise<CallWeightResult> {
  const harness = await startHarness();
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const people: Person[] = [];
    for (const name of PEOPLE) people.push(await open(browser, (profile) => harness.pageUrl(profile), name));
    for (const [i, person] of people.entries()) await joinAndDecode(person, i);
    for (const person of people) await decoding(person, people.length - 1);
    const weight = await measure(browser, people);
    const samples = await cycles(people);
    const first = samples[0]!;
    const last = samples.at(-1)!;
    const heapGrowth = growth(first.jsHeapMB, last.jsHeapMB) ?? 0;
    const rssGrowth = growth(first.rendererRssMB, last.rendererRssMB);
    const leftOver = samples.some((s) => s.openPeerConnections > 0);
    return {
      name: 'call-weight',
      people: people.length,
      measureMs: MEASURE_MS,
      ...weight,
      cycles: samples,
      heapGrowth,
      rssGrowth,
      target: `after ${CYCLES} join/leave cycles: JS heap and renderer RSS within ${GROWTH_LIMIT * 100} % of the first; no peer connection left open after leaving`,
      met: heapGrowth <= GROWTH_LIMIT && (rssGrowth ?? 0) <= GROWTH_LIMIT && !leftOver,
    };
  } catch (error) {
    for (const [i, context] of browser.contexts().entries())
      await context
        .pages()[0]
        ?.screenshot({ path: `bench/results/call-weight-failure-${i}.png`, timeout: 5_000 })
        .catch(() => undefined);
    throw error;
  } finally {
    await browser.close();
    await harness.close();
  }
}

export function callWeightTable(r: CallWeightResult): string {
  const list = (values: number[], unit: string) => values.map((v) => `${v}${unit}`).join(', ');
  const pct = (v: number | null) => (v === null ? 'n/a' : `${(v * 100).toFixed(1)} %`);
  const rows = r.cycles.map(
    (c) =>
      `  ${String(c.cycle).padStart(2)}  heap ${c.jsHeapMB.toFixed(1).padStart(6)} MB  renderer RSS ${c.rendererRssMB === null ? '   n/a' : c.rendererRssMB.toFixed(1).padStart(6)} MB  peer connections open ${c.openPeerConnections} / held ${c.heldPeerConnections}  live tracks ${c.liveTracks}`,
  );
  return [
    `call weight: ${r.people} people in one mesh room, measured over ${r.measureMs / 1000} s`,
    `  renderer CPU per person  : ${list(r.rendererCpuPct, ' %')} of one core`,
    `  other browser processes  : ${r.otherProcessesCpuPct} % of one core together`,
    `  JS heap per person       : ${list(r.jsHeapMB, ' MB')}`,
    `  renderer RSS per person  : ${list(r.rendererRssMB, ' MB')}`,
    `after each leave (one person leaves and rejoins ${r.cycles.length} times; forced GC first):`,
    ...rows,
    `  growth first → last: heap ${pct(r.heapGrowth)}, RSS ${pct(r.rssGrowth)}  (target ≤ 10 %): ${r.met ? 'met' : 'NOT met'}`,
  ].join('\n');
}

export const bench: Bench = {
  async run() {
    const result = await runCallWeightBench();
    return { result, table: callWeightTable(result) };
  },
};
