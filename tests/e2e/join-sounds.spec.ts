/** The Join sounds switch in real Chromium through the web harness: the choice is kept across reloads, and it chimes. */
import { watchMedia, type Watched } from './media-watch';
import { expect, test } from './people';

test('the Join sounds choice survives a reload: on, the next call chimes when someone joins; off stays off', async ({
  people,
}) => {
  const [ana, ben] = await people('Ana', 'Ben');
  const sounds = ana.page.getByRole('switch', { name: 'Join sounds' });
  const waiting = ana.page.getByText('Waiting for others to join…');
  const hangUpAndReload = async () => {
    await ana.page.getByRole('button', { name: 'Hang up' }).click();
    await watchMedia(ana); // reloads, recording every AudioContext the page makes
  };
  await ana.join('sounds');
  await expect(waiting).toBeVisible();
  await expect(sounds, 'off unless turned on').toHaveAttribute('aria-checked', 'false');
  await sounds.click();
  await expect(sounds).toHaveAttribute('aria-checked', 'true');

  await hangUpAndReload();
  await ana.join('sounds');
  await expect(waiting).toBeVisible();
  await expect(sounds).toHaveAttribute('aria-checked', 'true');
  // Not only shown: the chime (an AudioContext of its own) plays when Ben joins.
  const made = () => ana.page.evaluate(() => ((window as Watched).__audioContexts ?? []).length);
  const before = await made();
  await ben.join('sounds');
  await expect(ana.tile('Ben')).toBeVisible();
  await expect.poll(made, { message: 'the join chime played' }).toBeGreaterThan(before);

  await sounds.click();
  await expect(sounds).toHaveAttribute('aria-checked', 'false');
  await hangUpAndReload();
  await ana.join('sounds');
  await expect(waiting.or(ana.tile('Ben'))).toBeVisible();
  await expect(sounds).toHaveAttribute('aria-checked', 'false');
});
