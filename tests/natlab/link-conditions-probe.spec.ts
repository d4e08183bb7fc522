// TEMPORARY probe: raw getStats under the imposed link (not committed).
import { expect, test } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { labUnavailable, setNat } from './lab';
import { join, openLabPerson, outcome, type LabPerson } from './lab-person';
import { startLabSession, type LabSession } from './lab-session';
import { startWire, type LabWire } from './link-conditions';
import { trackPeerConnections } from '../e2e/link-dump';

let session: LabSession | undefined;
let wire: LabWire | undefined;
test.beforeAll(async () => {
  test.setTimeout(120_000);
  if (await labUnavailable()) return;
  session = await startLabSession();
});
test.afterAll(async () => {
  await wire?.stop();
  await session?.stop();
});

async function raw(p: LabPerson) {
  return p.page.evaluate(async () => {
    const pcs = (window as unknown as { __trackedPeerConnections: RTCPeerConnection[] }).__trackedPeerConnections;
    const pc = pcs[pcs.length - 1]!;
    return [...(await pc.getStats()).values()] as Record<string, unknown>[];
  });
}

test('probe', async () => {
  test.setTimeout(300_000);
  await setNat('a', 'cone', { wired: true });
  await setNat('b', 'cone');
  wire = await startWire('a');
  await new Promise((r) => setTimeout(r, 3000));
  const site = session!.site(false);
  const ana = await openLabPerson(session!.browsers.a, 'Ana', site);
  const ben = await openLabPerson(session!.browsers.b, 'Ben', site);
  for (const p of [ana, ben]) {
    await trackPeerConnections(p.page.context());
    await p.page.reload();
    await expect(p.page.getByRole('button', { name: 'Join' })).toBeEnabled();
  }
  const room = `probe-${randomBytes(3).toString('hex')}`;
  await join(ana, 'Ana', room);
  await join(ben, 'Ben', room);
  await outcome(ana.tile('Ben'), 25_000);
  await outcome(ben.tile('Ana'), 25_000);
  const samples: { who: string; phase: string; t: number; records: Record<string, unknown>[] }[] = [];
  const sample = async (phase: string, n: number) => {
    for (let i = 0; i < n; i++) {
      const t = Date.now();
      const [a, b] = await Promise.all([raw(ana), raw(ben)]);
      samples.push({ who: 'Ana', phase, t, records: a }, { who: 'Ben', phase, t, records: b });
      await ana.page.waitForTimeout(1000);
    }
  };
  await sample('clear', 8);
  await wire.set({ delayMs: 50, jitterMs: 20, lossPct: 5 });
  await sample('loaded', 45);
  console.log(JSON.stringify(await wire.counts()));
  writeFileSync('/tmp/numbers-probe.json', JSON.stringify(samples));
});
