/**
 * A throttled upload on Janus, in the NAT lab (issue 20): Ana in home A and Ben in home B in a
 * room on Debian's Janus in the internet namespace. Ben's tile of Ana takes the layer its size asks
 * for; then tc tbf limits home A's upload (a real rate limit on the router's wan, not an emulation).
 * Ana's browser estimates less bandwidth and stops sending her upper simulcast layers, Janus falls
 * back to the layer that still arrives, and both panels say so and why: Ben's names Ana's upload,
 * Ana's names her own. Lifting the limit brings the higher layer back, and the after-call cards
 * say how long each weak hop held the call back.
 */
import { expect, test, type Locator } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { setNat } from './lab';
import { join, openLabPerson, type LabPerson } from './lab-person';
import { labSessionForFile } from './lab-session';
import { limitUpload } from './link-conditions';

const lab = labSessionForFile(() => limitUpload('a', undefined).catch(() => undefined));

/** Home A's upload while throttled: room for audio and the 180p layer, not for 360p or 720p. */
const THROTTLE_KBIT = 300;
/** The layer Ben's tile asks for, arriving (which one depends on the window's size). */
const UNTHROTTLED = /^Receiving the (high|medium) layer \((720|360)p\): the tile is about \d+ px tall\.$/;

/** Opens the diagnostics panel on `tab` and returns that tab's panel. */
async function panelFor(person: LabPerson, tab: string): Promise<Locator> {
  const { page } = person;
  if (!(await page.getByRole('complementary', { name: 'Diagnostics panel' }).isVisible()))
    await page.getByRole('button', { name: 'Diagnostics' }).click();
  await page.getByRole('tab', { name: tab }).click();
  return page.getByRole('tabpanel', { name: `Diagnostics for ${tab}` });
}

test('a tbf limit on Ana’s upload gives Ben a lower layer of her, and both panels say why', async () => {
  test.skip(lab.unavailable !== null, lab.unavailable ?? '');
  test.setTimeout(240_000);
  const s = lab.session;
  await setNat('a', 'none');
  await setNat('b', 'none');
  const site = await s.janusSite(false);
  const ana = await openLabPerson(s.browsers.a, 'Ana', site);
  const ben = await openLabPerson(s.browsers.b, 'Ben', site);
  const room = `throttle-${randomBytes(3).toString('hex')}`;
  await join(ana, 'Ana', room);
  await join(ben, 'Ben', room);
  await expect(ben.tile('Ana')).toHaveAttribute('data-state', 'Connected', { timeout: 60_000 });

  const downlink = await panelFor(ben, 'Ana');
  const layer = downlink.getByTestId('simulcast-layer');
  // Unthrottled, Ben's tile gets the layer its size asks for (which one depends on the window).
  await expect(layer).toHaveText(UNTHROTTLED, { timeout: 60_000 });
  await ben.page.screenshot({ path: 'screenshots/sfu-throttle-before.png' });

  const throttledAt = Date.now();
  await limitUpload('a', THROTTLE_KBIT);
  await expect(layer).toHaveText(
    /^Receiving the low layer \(180p\), not the (high|medium) one the tile’s size asks for: Ana sends no higher layer now, so Ana's upload is the bottleneck/,
    { timeout: 60_000 },
  );
  const lowAfter = Date.now() - throttledAt;
  await expect(downlink).toContainText("Ana's upload is the bottleneck: they send no higher layer now");
  await ben.page.screenshot({ path: 'screenshots/sfu-throttle-ben.png' });
  // Ana's own panel names her upload, for lack of bandwidth (not CPU): what tbf does.
  const uplink = await panelFor(ana, 'Your upload to the SFU');
  await expect(uplink).toContainText('Your upload is the bottleneck: your browser sends less video than it would', {
    timeout: 30_000,
  });
  // Her "Video sent" figure: the highest layer that still goes, and that not all three do.
  await expect(uplink).toContainText(/Video sent\d+×\d+ @ \d+ fps \([12] of 3 layers\)/);
  await ana.page.screenshot({ path: 'screenshots/sfu-throttle-ana.png' });

  const liftedAt = Date.now();
  await limitUpload('a', undefined);
  await expect(layer).toHaveText(UNTHROTTLED, { timeout: 90_000 });
  // The after-call card says how long each weak hop held the call back.
  for (const p of [ben, ana]) await p.page.getByRole('button', { name: 'Hang up' }).click();
  const benLast = ben.page.getByRole('region', { name: 'Last call' });
  await expect(benLast).toContainText(
    /Ana: connected in .*, Ana's upload the bottleneck \d+ % of the time \(a lower layer than the tile asked for\)/,
  );
  await ben.page.screenshot({ path: 'screenshots/sfu-throttle-last-call.png' });
  await expect(ana.page.getByRole('region', { name: 'Last call' })).toContainText(
    /Your upload to the SFU: connected in .*, your upload held back by bandwidth \d+ % of the time/,
  );
  console.log(
    `SFU throttle (NAT lab): ${THROTTLE_KBIT} kbit/s on Ana's upload; Ben's tile on the low layer ${lowAfter} ms after the limit, ` +
      `back on a higher one ${Date.now() - liftedAt} ms after it was lifted`,
  );
});
