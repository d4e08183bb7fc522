/**
 * Network change: the media gap when this computer's network changes under a
 * running call, over SWITCHES switches of each kind (10 by default, or
 * BENCH_ROUNDS): the selected pair's address goes away ("link down") and the
 * default route moves off its interface ("route move"); both restart ICE,
 * make-before-break. Real PeerLinks in real Chromium (the page is
 * tests/browser/network-change-bench-page.ts, served by Vite), on loopback, the change
 * injected as `network:changed` would bring it; measured from the frames the
 * far side shows (requestVideoFrameCallback). Targets (issue 19): gap under
 * 1 s for a route move, media back within 5 s for a link down. On loopback the
 * old path keeps working, so both figures are what the restart costs, not a
 * real uplink's loss: the NAT lab's two-router cells measure that.
 */
import { chromium } from '@playwright/test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/chromium';
import { freeTcpPort } from '../tests/support/ports';
import { z } from 'zod';
import { median } from './median';
import { measureOnLab, type LabResult } from './network-change-lab';

type ChangeKind = 'link-down' | 'route-move';

/** One switch as the page reports it (tests/browser/network-change-bench-page.ts's SwitchFigure). */
const switchFigure = z.object({
  kind: z.enum(['link-down', 'route-move']),
  farGapMs: z.number(),
  nearGapMs: z.number(),
  newPairMs: z.number(),
  restarts: z.number(),
});
type SwitchFigure = z.infer<typeof switchFigure>;

interface BenchPage {
  networkChangeBench?: { once(kind: ChangeKind): Promise<unknown> };
}

const SWITCHES = Number(process.env.BENCH_ROUNDS) || 10;
const KINDS: { kind: ChangeKind; label: string; targetMs: number; target: string }[] = [
  { kind: 'link-down', label: "link down (the pair's address goes away)", targetMs: 5_000, target: 'media back < 5 s' },
  {
    kind: 'route-move',
    label: 'route move (default route leaves its interface)',
    targetMs: 1_000,
    target: 'gap < 1 s',
  },
];

export interface KindResult {
  kind: ChangeKind;
  target: string;
  farGapMs: number[];
  nearGapMs: number[];
  newPairMs: number[];
  medianGapMs: number;
  maxGapMs: number;
  medianNewPairMs: number;
  met: boolean;
}

export interface NetworkChangeResult {
  name: 'network-change';
  switches: number;
  setting: string;
  kinds: KindResult[];
  /** The same switches on the NAT lab's real uplinks (network-change-lab.ts), or why they did not run. */
  lab: LabResult;
}

const SETTING =
  'loopback, changes injected as network:changed (no real second uplink: the old path keeps working during the restart)';

async function measure(): Promise<Omit<NetworkChangeResult, 'lab'>> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const port = await freeTcpPort();
  const vite = await createServer({
    root,
    configFile: false,
    logLevel: 'error',
    cacheDir: join(tmpdir(), 'traverse-bench-vite'),
    server: { host: '127.0.0.1', port, strictPort: true, hmr: false },
  });
  await vite.listen();
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    page.on('pageerror', (error) => console.error(`[page] ${error.message}`));
    await page.goto(`http://127.0.0.1:${port}/bench/network-change.html`);
    await page.waitForFunction(() => (window as BenchPage).networkChangeBench !== undefined, null, {
      timeout: 60_000,
    });
    const kinds: KindResult[] = [];
    for (const { kind, target, targetMs } of KINDS) {
      const figures: SwitchFigure[] = [];
      for (let i = 0; i < SWITCHES; i += 1) {
        const figure = switchFigure.parse(
          await page.evaluate((k) => (window as BenchPage).networkChangeBench!.once(k), kind),
        );
        if (figure.restarts !== 1) throw new Error(`${kind}: A restarted ${figure.restarts} times for one change`);
        figures.push(figure);
      }
      const far = figures.map((f) => Math.round(f.farGapMs));
      kinds.push({
        kind,
        target,
        farGapMs: far,
        nearGapMs: figures.map((f) => Math.round(f.nearGapMs)),
        newPairMs: figures.map((f) => Math.round(f.newPairMs)),
        medianGapMs: Math.round(median(far)),
        maxGapMs: Math.max(...far),
        medianNewPairMs: Math.round(median(figures.map((f) => f.newPairMs))),
        met: Math.max(...far) < targetMs,
      });
    }
    return { name: 'network-change', switches: SWITCHES, setting: SETTING, kinds };
  } finally {
    await browser.close();
    await vite.close();
  }
}

/** The lab's rows: each kind's median and longest gap against its target. */
function labRows(lab: LabResult): string[] {
  if ('skipped' in lab) return ['', `NAT lab (real uplinks): not run: ${lab.skipped}.`];
  return [
    '',
    `NAT lab (real uplinks, tests/natlab/uplink-switches.lab-bench.ts): gap on Ben's screen of Ana over ${lab.switches} switches per kind, each in a fresh call (ms)`,
    '',
    '| change | median gap | max gap | gaps | target | |',
    '| --- | --- | --- | --- | --- | --- |',
    ...KINDS.map(({ kind, label, target, targetMs }) => {
      const k = lab[kind];
      return `| ${label} | ${k.medianGapMs} | ${k.maxGapMs} | ${k.gapMs.join(', ')} | ${target} | ${k.maxGapMs < targetMs ? 'met' : 'NOT met'} |`;
    }),
  ];
}

export function networkChangeTable(result: NetworkChangeResult): string {
  const rows = result.kinds.map((k) => {
    const label = KINDS.find((x) => x.kind === k.kind)!.label;
    return `| ${label} | ${k.medianGapMs} | ${k.maxGapMs} | ${k.medianNewPairMs} | ${k.target} | ${k.met ? 'met' : 'NOT met'} |`;
  });
  return [
    `Network change: media gap on the far side over ${result.switches} switches per kind (ms)`,
    `Setting: ${result.setting}.`,
    '',
    '| change | median gap | max gap | median to new pair | target | |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    ...labRows(result.lab),
  ].join('\n');
}

export const bench = {
  async run() {
    const loopback = await measure();
    // After the loopback part, whose browser is closed by then: the lab runs its own.
    const result = {
      ...loopback,
      lab: process.env.BENCH_LAB === '0' ? { skipped: 'BENCH_LAB=0' } : await measureOnLab(SWITCHES),
    };
    return { result, table: networkChangeTable(result) };
  },
};
