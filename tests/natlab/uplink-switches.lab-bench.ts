/**
 * The network-change benchmark's part on real uplinks (bench/network-change-lab.ts runs this file,
 * with NATLAB_BENCH_OUT naming where the gaps go): NATLAB_BENCH_SWITCHES switches of each kind (10
 * by default), each in a fresh call, as two-uplinks.spec.ts's cells make them: the active uplink
 * goes down, and the default route moves to the other uplink with both up. The kinds take turns.
 */
import { test } from '@playwright/test';
import { writeFile } from 'node:fs/promises';
import { labSessionForFile } from './lab-session';
import { removeSecondUplink } from './two-uplinks';
import { afterChange, call, UPLINK_CHANGES } from './uplink-call';
import { restartTileGaps } from '../e2e/tile-gaps';

const lab = labSessionForFile(removeSecondUplink);
const SWITCHES = Number(process.env.NATLAB_BENCH_SWITCHES) || 10;
const KINDS = (['link-down', 'route-move'] as const).map((kind) => ({ kind, ...UPLINK_CHANGES[kind] }));

test('switches on the lab uplinks, each kind in turn', async () => {
  test.skip(lab.unavailable !== null, lab.unavailable ?? '');
  test.setTimeout(SWITCHES * KINDS.length * 60_000);
  const out = process.env.NATLAB_BENCH_OUT;
  if (!out) throw new Error('NATLAB_BENCH_OUT must name the file for the gaps (bench/network-change-lab.ts sets it)');
  const gaps: Record<string, number[]> = Object.fromEntries(KINDS.map(({ kind }) => [kind, []]));
  for (let i = 0; i < SWITCHES; i += 1) {
    for (const { kind, act, noted } of KINDS) {
      const [ana, ben] = await call(lab.session);
      try {
        await restartTileGaps(ben.page);
        await act();
        const { gap, how } = await afterChange(ana, ben, noted);
        gaps[kind]!.push(gap);
        console.log(`${kind} ${i + 1}/${SWITCHES}: gap ${gap} ms (${how})`);
      } finally {
        await ana.page.context().close();
        await ben.page.context().close();
      }
    }
  }
  await writeFile(out, JSON.stringify(gaps));
});
