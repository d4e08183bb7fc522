/**
 * The diagnostics panel's Streams card during a screen share, in real Chromium through the web
 * harness: the share is a stream of its own for the person who receives it and for the sharer.
 */
import { connected, ESSENTIALS, shareOf } from './essentials';
import { expect, test, type Person } from './people';

test.use(ESSENTIALS);

/** The rowheader of a stream: its name, and after it any note ("Your camera (limited by bandwidth)" while the encoder ramps up). */
const streamHeader = (name: string) => new RegExp(`^${name.replace(/[()]/g, '\\$&')}( \\(.+\\))?$`);

/** One person's diagnostics panel, opened; and a row of its Streams card by the stream's name. */
async function diagnostics(person: Person) {
  await person.page.getByRole('button', { name: 'Diagnostics' }).click();
  const streams = person.page.getByRole('complementary', { name: 'Diagnostics panel' }).getByRole('region', {
    name: 'Streams',
  });
  await expect(streams).toBeVisible();
  return {
    streams,
    row: (name: string) =>
      streams.getByRole('row').filter({ has: person.page.getByRole('rowheader', { name: streamHeader(name) }) }),
  };
}

test('the diagnostics panel lists Ana\'s share as a stream of its own: "Ana\'s screen" for Ben, "Your screen" for Ana, each with its size, frame rate and bitrate; gone once she stops', async ({
  people,
}) => {
  test.setTimeout(180_000);
  const [ana, ben] = await people('Ana', 'Ben');
  await ana.join('essentials-streams');
  await ben.join('essentials-streams');
  await connected([ana, ben]);
  const onBen = await diagnostics(ben);
  const onAna = await diagnostics(ana);
  await expect(onBen.row("Ana's camera")).toHaveCount(1);
  await expect(onBen.row('Your camera')).toHaveCount(1);
  await expect(onBen.row("Ana's screen")).toHaveCount(0);

  await ana.page.getByRole('button', { name: 'Share screen' }).click();
  await expect(shareOf(ben, 'Ana')).toBeVisible();
  // The size Ben's share tile reports (checked against the picture itself in the test above).
  const tile = shareOf(ben, 'Ana');
  await expect(tile).not.toHaveAttribute('data-frame-width', '0');
  const size = `${await tile.getAttribute('data-frame-width')}×${await tile.getAttribute('data-frame-height')}`;
  const screen = onBen.row("Ana's screen");
  await expect(screen.locator('[data-field="resolution"]')).toHaveText(size);
  await expect(screen.locator('[data-field="fps"]')).toHaveText(/^[1-9]\d* fps$/);
  await expect(screen.locator('[data-field="bitrate"]')).toHaveText(/^[1-9]\d* kbit\/s$|^\d+\.\d\d Mbit\/s$/);
  // Her camera is a row of its own, at the camera's size, not the share's.
  await expect(onBen.row("Ana's camera").locator('[data-field="resolution"]')).not.toHaveText(size);
  // The Quality card's one Video figure no longer mixes them.
  const quality = ben.page.getByRole('complementary', { name: 'Diagnostics panel' }).getByRole('region', {
    name: 'Quality',
  });
  await expect(quality.getByText('2 streams: see Streams')).toBeVisible();

  const mine = onAna.row('Your screen');
  await expect(mine.locator('[data-field="resolution"]')).toHaveText(size);
  await expect(mine.locator('[data-field="fps"]')).toHaveText(/^[1-9]\d* fps$/);
  await expect(mine.locator('[data-field="bitrate"]')).toHaveText(/^[1-9]\d* kbit\/s$|^\d+\.\d\d Mbit\/s$/);
  await expect(onAna.row('Your camera')).toHaveCount(1);
  await expect(onAna.row("Ben's camera")).toHaveCount(1);
  await onBen.streams.screenshot({ path: 'screenshots/diagnostics-streams.png' });
  await ben.page.screenshot({ path: 'screenshots/diagnostics-streams-panel.png' });

  await ana.page.getByRole('button', { name: 'Stop sharing' }).click();
  await expect(shareOf(ben, 'Ana')).toHaveCount(0);
  await expect(onBen.row("Ana's screen")).toHaveCount(0);
  await expect(onAna.row('Your screen')).toHaveCount(0);
  await expect(onBen.row("Ana's camera").locator('[data-field="fps"]')).toHaveText(/^[1-9]\d* fps$/);
  await expect(onAna.row('Your camera')).toHaveCount(1);
});
