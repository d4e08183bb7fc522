/**
 * The desktop side of a call through the web harness, whose profiles run the
 * same core as the main process (notifications and display-sleep blockers
 * recorded, screen sources made up): a desktop notification when someone
 * joins, a call drops (its link failed for good: here a relayed call whose
 * coturn dies) or the signaling server goes away, while the window is not focused;
 * the display kept awake during the call; and the in-app screen picker.
 */
import AxeBuilder from '@axe-core/playwright';
import type { APIRequestContext, Page } from '@playwright/test';
import { startSignalingServer, type RunningSignalingServer } from '../../server/signaling-server';
import { noticeWords } from '../../shared/notice-words';
import { expect, expectRising, test, type Person } from './people';
import { labTest, startTurnLab, stopTurnLab, type TurnLab } from './turn-lab';

interface DesktopRecord {
  notifications: { title: string; body: string }[];
  awake: boolean;
  awakeChanges: boolean[];
  picks: ({ video: { id: string; name: string } } | null)[];
}

/** The desktop record of the page's own harness (Playwright's, or one a lab started), for the page's profile. */
function desktopUrl(page: Page): string {
  const { origin, searchParams } = new URL(page.url());
  const profile = searchParams.get('profile') ?? '';
  const token = searchParams.get('token') ?? process.env.HARNESS_TOKEN ?? '';
  return `${origin}/__harness/desktop?token=${encodeURIComponent(token)}&profile=${encodeURIComponent(profile)}`;
}

/** What the harness's desktop side recorded for the person on `page`. */
async function desktop(request: APIRequestContext, page: Page): Promise<DesktopRecord> {
  const response = await request.get(desktopUrl(page));
  expect(response.ok()).toBe(true);
  return (await response.json()) as DesktopRecord;
}

/**
 * Takes the focus away from `page` for real: Playwright makes every page
 * report focus, so that emulation is switched off for it, and the person
 * switches to another tab of the same browser.
 */
async function blur(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setFocusEmulationEnabled', { enabled: false });
  const elsewhere = await page.context().newPage();
  await elsewhere.bringToFront();
  await expect.poll(() => page.evaluate(() => document.hasFocus())).toBe(false);
}

test('a join while the window is not focused gives a notification naming the joiner; the display stays awake during the call', async ({
  people,
  request,
}) => {
  const [ana, ben] = await people('Ana', 'Ben');
  const room = `desk${Math.random().toString(36).slice(2, 8)}`;
  expect((await desktop(request, ana.page)).awake, 'nothing keeps the display awake in the lobby').toBe(false);

  await ana.join(room);
  await expect(ana.page.getByText('Waiting for others to join…')).toBeVisible();
  await expect.poll(async () => (await desktop(request, ana.page)).awake, { message: 'awake in the call' }).toBe(true);

  // While Ana looks at the call, Ben joining gives her no notification.
  expect(await ana.page.evaluate(() => document.hasFocus())).toBe(true);
  await ben.join(room);
  await expect(ana.tile('Ben')).toHaveAttribute('data-state', 'Connected');
  await ana.page.evaluate(() => window.traverse?.appInfo());
  expect((await desktop(request, ana.page)).notifications).toEqual([]);
  await ben.page.getByRole('button', { name: 'Hang up' }).click();
  await expect(ana.tile('Ben')).toHaveCount(0);

  // Ana's window loses the focus; Ben joins again.
  await blur(ana.page);
  await ben.join(room);
  await expect
    .poll(async () => (await desktop(request, ana.page)).notifications.map((n) => n.title))
    .toEqual(['Ben joined']);
  const [notice] = (await desktop(request, ana.page)).notifications;
  expect(notice?.body).toBe(`Ben joined your call in room ${room}.`);
  // Ben found Ana there when he joined: that is no news to him.
  expect((await desktop(request, ben.page)).notifications).toEqual([]);

  await ana.page.getByRole('button', { name: 'Hang up' }).click();
  await expect(ana.page.getByRole('button', { name: 'Join' })).toBeVisible();
  await expect
    .poll(async () => (await desktop(request, ana.page)).awake, { message: 'asleep after hang-up' })
    .toBe(false);
  expect((await desktop(request, ana.page)).awakeChanges).toEqual([true, false]);
});

test('the screen picker lists screens and windows, shares the chosen one, and Escape cancels', async ({
  people,
  request,
}) => {
  const [ana] = await people('Ana');
  const picker = ana.page.getByRole('dialog', { name: 'Share your screen' });
  const pick = () => request.post(desktopUrl(ana.page));

  await pick();
  await expect(picker).toBeVisible();
  await expect(picker.getByRole('region', { name: 'Screens' }).getByRole('button')).toHaveText([
    'Screen 1',
    'Screen 2',
  ]);
  await expect(picker.getByRole('region', { name: 'Windows' }).getByRole('button')).toHaveText([
    'Quarterly plan — Slides',
    'Terminal',
    /Notes/,
  ]);
  // Thumbnails arrived as data: URLs and decoded.
  await expect
    .poll(() => picker.locator('img').evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth)))
    .toEqual([320, 320, 320, 320]);
  const share = picker.getByRole('button', { name: 'Share', exact: true });
  await expect(share).toBeDisabled();
  const slides = picker.getByRole('button', { name: 'Quarterly plan — Slides' });
  await slides.click();
  await expect(slides).toHaveAttribute('aria-pressed', 'true');
  const axe = await new AxeBuilder({ page: ana.page }).include('.screen-picker').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  await ana.page.screenshot({ path: 'screenshots/screen-picker.png' });

  await share.click();
  await expect(picker).toHaveCount(0);
  await expect
    .poll(async () => (await desktop(request, ana.page)).picks)
    .toEqual([{ video: { id: 'window:101:0', name: 'Quarterly plan — Slides' } }]);

  await pick();
  await expect(picker).toBeVisible();
  await ana.page.keyboard.press('Escape');
  await expect(picker).toHaveCount(0);
  await expect.poll(async () => (await desktop(request, ana.page)).picks).toHaveLength(2);
  expect((await desktop(request, ana.page)).picks[1]).toBeNull();
});

/** The pages come from the web harness: its origin stands in for the app's. */
const HARNESS_ORIGIN = `http://127.0.0.1:${process.env.HARNESS_PORT ?? ''}`;

async function useServer(person: Person, url: string): Promise<void> {
  await person.page.evaluate(async (signalingUrl) => {
    await window.traverse!.setSettings({ signalingUrl });
  }, url);
  // The page's CSP follows the configured signaling server, as the app's does: load it again.
  await person.page.reload();
  await expect(person.page.getByRole('button', { name: 'Join' })).toBeEnabled();
}

test.describe('the signaling server of a running call', () => {
  let server: RunningSignalingServer | null = null;
  test.afterEach(async () => {
    await server?.close();
    server = null;
  });

  test('goes away while the window is not focused: a notification says so, and the call itself goes on', async ({
    people,
    request,
  }) => {
    test.setTimeout(180_000); // two pages loaded twice each (the CSP follows the server) on a loaded machine
    server = await startSignalingServer({ port: 0, allowedOrigins: [HARNESS_ORIGIN] });
    const [ana, ben] = await people('Ana', 'Ben');
    for (const p of [ana, ben]) await useServer(p, server.url);
    await ana.join('desk-outage');
    await ben.join('desk-outage');
    await expect(ana.tile('Ben')).toHaveAttribute('data-state', 'Connected');
    await blur(ana.page);

    await server.close();
    server = null;
    await expect
      .poll(async () => (await desktop(request, ana.page)).notifications.map(({ title, body }) => ({ title, body })))
      .toEqual([noticeWords.signalingReconnecting()]);
    expect(noticeWords.signalingReconnecting()).toEqual({
      title: 'Connection to the signaling server lost',
      body: 'Traverse is reconnecting to the signaling server. Until it is back, nobody new can join your call.',
    });
    // True words: she is reconnecting, and the call with Ben (which never went through the server) goes on.
    await expect(ana.page.getByText('Signaling connection lost')).toBeVisible();
    await expectRising(ana.tile('Ben'), 'data-frames-decoded');
    await expect(ana.tile('Ben')).toHaveAttribute('data-state', 'Connected');
  });
});

test.describe('a call that drops', () => {
  let lab: TurnLab;
  const labbed = labTest(() => lab);
  labbed.beforeAll(async () => {
    lab = await startTurnLab();
  });
  labbed.afterAll(() => stopTurnLab(lab));

  labbed(
    'while the window is not focused: a notification "Call with Ben dropped", once recovery gave up',
    async ({ pair, request }) => {
      labbed.setTimeout(300_000);
      const { ana, benOnAna } = await pair('desk-drop', true);
      await blur(ana.page);
      const { port, secret } = lab.coturn;
      await lab.coturn.stop();
      try {
        await expect(benOnAna).toHaveAttribute('data-state', 'Reconnecting', { timeout: 60_000 });
        // Not while it is still trying: the words say Traverse stopped trying.
        expect((await desktop(request, ana.page)).notifications).toEqual([]);
        await expect(benOnAna).toHaveAttribute('data-state', 'Failed', { timeout: 180_000 });
        await expect
          .poll(async () =>
            (await desktop(request, ana.page)).notifications.map(({ title, body }) => ({ title, body })),
          )
          .toEqual([noticeWords.dropped('Ben')]);
        expect(noticeWords.dropped('Ben')).toEqual({
          title: 'Call with Ben dropped',
          body: 'The connection to Ben failed and Traverse stopped trying to reconnect. Open Traverse to see why.',
        });
        await expect(ana.page.getByRole('alert')).toContainText('Call with Ben lost');
      } finally {
        const { startCoturn } = await import('../support/coturn');
        lab.coturn = await startCoturn({ port, secret });
      }
    },
  );
});
