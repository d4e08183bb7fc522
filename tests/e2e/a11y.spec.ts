/**
 * Accessibility in real Chromium: axe-core (from npm) injected into every
 * screen (lobby, Settings in each ICE mode, the server tester, a call, the
 * diagnostics panel, the after-call card, the lobby's switches and meter, a call with its
 * notices, timer and a pinned tile) finds no serious or critical
 * violation; Settings is a real modal dialog (focus moves in, Tab stays inside,
 * Escape closes, focus returns to the Settings button). Screenshots of each.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openPerson, type Person } from './people';
import { startCoturn, type Coturn } from '../support/coturn';

let coturn: Coturn;
test.beforeAll(async () => {
  coturn = await startCoturn();
});
test.afterAll(async () => {
  await coturn?.stop();
});

/** Serious and critical axe findings on the page as it is now, one line each (rule, contrast, element). */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) =>
      v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} ${n.failureSummary?.split('\n').slice(1, 2).join('') ?? ''}`),
    );
}

async function expectAccessible(page: Page, screen: string): Promise<void> {
  await page.screenshot({ path: `screenshots/a11y-${screen}.png`, fullPage: true });
  expect(await seriousViolations(page), `axe on ${screen}`).toEqual([]);
}

const settingsDialog = (page: Page) => page.getByRole('dialog', { name: 'Settings' });

async function openSettings(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(settingsDialog(page).getByRole('radio', { name: /^Manual/ })).toBeVisible();
}

test('lobby, Settings in each ICE mode and the server tester: no serious or critical axe violation', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const ana = await openPerson(browser, 'Ana');
  const { page } = ana;
  try {
    await expectAccessible(page, 'lobby');
    await openSettings(page);
    await page.getByRole('button', { name: 'Add server' }).click();
    await page.getByLabel('Server 1 URLs').fill(`stun:127.0.0.1:${coturn.port}`);
    await expectAccessible(page, 'settings-manual');
    for (const [label, screen] of [
      ['Cloudflare', 'settings-cloudflare'],
      ['Shared secret', 'settings-shared-secret'],
      ['Server', 'settings-server'],
    ] as const) {
      await page.getByRole('radio', { name: new RegExp(`^${label}`) }).check();
      await expectAccessible(page, screen);
    }
    // The tester with results of each colour: a STUN that works and TURN credentials coturn refuses.
    await page.getByRole('radio', { name: /^Shared secret/ }).check();
    await page.getByLabel('TURN URLs').fill(`turn:127.0.0.1:${coturn.port}?transport=udp`);
    await page.getByLabel('TURN shared secret', { exact: true }).fill('not-the-secret');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByTestId('secret-state-turn-shared-secret')).toHaveText(/Stored/);
    await settingsDialog(page).getByRole('button', { name: 'Test servers' }).click();
    await expect(page.getByTestId('server-test-verdict')).toHaveAttribute('data-state', 'done');
    await expect(page.getByTestId('server-test-row').first()).toHaveAttribute('data-result', 'auth-failed');
    await expectAccessible(page, 'server-tester');
  } finally {
    await page.context().close();
  }
});

test('a call, the diagnostics panel and the after-call card: no serious or critical axe violation', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const people: Person[] = [await openPerson(browser, 'Ana'), await openPerson(browser, 'Ben')];
  const [ana, ben] = people as [Person, Person];
  try {
    await ana.join('a11y');
    await ben.join('a11y');
    await expect(ana.tile('Ben')).toHaveAttribute('data-state', 'Connected');
    await expect.poll(() => ana.tile('Ben').getAttribute('data-frames-decoded')).not.toBe('0');
    await expectAccessible(ana.page, 'call');
    await ana.page.getByRole('button', { name: 'Diagnostics' }).click();
    await expect(ana.page.getByRole('complementary', { name: 'Diagnostics panel' })).toBeVisible();
    await expect(ana.page.getByRole('tabpanel', { name: 'Diagnostics for Ben' })).toBeVisible();
    await expectAccessible(ana.page, 'diagnostics');
    await ana.page.getByRole('button', { name: 'Hang up' }).click();
    await expect(ana.page.getByRole('region', { name: 'Last call' })).toBeVisible();
    await expectAccessible(ana.page, 'after-call');
  } finally {
    await Promise.all(people.map((p) => p.page.context().close()));
  }
});

test('the lobby with its switches on, and a call with a notice, the timer and a pinned tile: no serious or critical axe violation', async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const people: Person[] = [await openPerson(browser, 'Ana'), await openPerson(browser, 'Ben')];
  const [ana, ben] = people as [Person, Person];
  try {
    const { page } = ana;
    await page.getByRole('switch', { name: 'Mute' }).click();
    await page.getByRole('switch', { name: 'Camera off' }).click();
    await expect(page.getByText('You will join muted, with your camera off.')).toBeVisible();
    await expect(page.getByRole('meter', { name: 'Input level' })).toBeVisible();
    await expectAccessible(page, 'lobby-switches');
    await ana.join('a11y-essentials');
    await ben.join('a11y-essentials');
    await expect(ana.tile('Ben')).toHaveAttribute('data-state', 'Connected');
    await expect(page.getByRole('timer', { name: 'Call time' })).toBeVisible();
    await page.getByRole('button', { name: 'Pin Ben' }).click();
    await expect(page.getByRole('button', { name: 'Pin Ben' })).toHaveAttribute('aria-pressed', 'true');
    await expectAccessible(page, 'call-essentials');
  } finally {
    await Promise.all(people.map((p) => p.page.context().close()));
  }
});

test('the timeline and every other scrolling box can be reached with the keyboard', async ({ browser }) => {
  const people: Person[] = [await openPerson(browser, 'Ana'), await openPerson(browser, 'Ben')];
  const [ana, ben] = people as [Person, Person];
  try {
    await ana.join('a11y-scroll');
    await ben.join('a11y-scroll');
    await expect(ana.tile('Ben')).toHaveAttribute('data-state', 'Connected');
    await ana.page.getByRole('button', { name: 'Diagnostics' }).click();
    const timeline = ana.page.getByRole('region', { name: /timeline/i });
    await expect(timeline).toBeVisible();
    // Each box that scrolls is focusable (axe's scrollable-region-focusable, checked by hand here).
    const unreachable = await ana.page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('body *')]
        .filter((el) => {
          const style = getComputedStyle(el);
          const scrolls =
            (/(auto|scroll)/.test(style.overflowY) && el.scrollHeight > el.clientHeight + 1) ||
            (/(auto|scroll)/.test(style.overflowX) && el.scrollWidth > el.clientWidth + 1);
          const focusable = el.tabIndex >= 0 || el.querySelector('a[href], button, input, select, [tabindex]');
          return scrolls && !focusable;
        })
        .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`),
    );
    expect(unreachable).toEqual([]);
  } finally {
    await Promise.all(people.map((p) => p.page.context().close()));
  }
});

test('Settings is a modal dialog: focus moves in, Tab stays inside, Escape closes, focus returns', async ({
  browser,
}) => {
  const ana = await openPerson(browser, 'Ana');
  const { page } = ana;
  try {
    const opener = page.getByRole('button', { name: 'Settings', exact: true });
    await opener.focus();
    await page.keyboard.press('Enter');
    const dialog = settingsDialog(page);
    await expect(dialog).toBeVisible();
    const insideDialog = () =>
      page.evaluate(() => document.activeElement?.closest('[role="dialog"]')?.getAttribute('aria-labelledby') ?? null);
    // Focus moves into the dialog.
    await expect.poll(insideDialog, { message: 'focus moves into Settings' }).toBe('settings-title');
    // Tab and Shift+Tab, more times than there are controls, never leave it.
    const controls = await dialog
      .locator('button, input, select, [tabindex]:not([tabindex="-1"])')
      .evaluateAll((els) => els.length);
    for (let i = 0; i < controls + 3; i += 1) {
      await page.keyboard.press('Tab');
      expect(await insideDialog(), `after Tab ${i + 1}`).toBe('settings-title');
    }
    for (let i = 0; i < 4; i += 1) {
      await page.keyboard.press('Shift+Tab');
      expect(await insideDialog(), `after Shift+Tab ${i + 1}`).toBe('settings-title');
    }
    // What lies behind is inert while the dialog is open: no click, no focus, hidden from screen readers.
    await expect(page.locator('#root')).toHaveAttribute('inert', '');
    // Escape closes it and focus goes back to the button that opened it.
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(opener).toBeFocused();
    // The Close button does the same.
    await opener.click();
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await expect(dialog).toHaveCount(0);
    await expect(opener).toBeFocused();
  } finally {
    await page.context().close();
  }
});

type Box = { x: number; y: number; width: number; height: number };
const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

async function box(locator: ReturnType<Page['locator']>): Promise<Box> {
  const b = await locator.boundingBox();
  if (!b) throw new Error('not on screen');
  return b;
}

test('call layout: nothing covers a tile or its caption; Mute and Camera off mean the same when pressed; icons', async ({
  browser,
}) => {
  const people: Person[] = [await openPerson(browser, 'Ana'), await openPerson(browser, 'Ben')];
  const [ana, ben] = people as [Person, Person];
  try {
    await ana.join('a11y-layout');
    await ben.join('a11y-layout');
    const { page } = ana;
    const tile = ana.tile('Ben');
    await expect(tile).toHaveAttribute('data-state', 'Connected');
    await expect(tile.locator('.tile-stats')).toContainText('fps');
    for (const diagnostics of [false, true]) {
      if (diagnostics) await page.getByRole('button', { name: 'Diagnostics' }).click();
      const where = diagnostics ? 'with diagnostics open' : 'without diagnostics';
      const settings = await box(page.getByRole('button', { name: 'Settings', exact: true }));
      const self = await box(page.getByRole('complementary', { name: 'You' }));
      const tileBox = await box(tile);
      const caption = await box(tile.locator('figcaption'));
      expect(overlap(settings, tileBox), `Settings button over the tile ${where}`).toBe(false);
      expect(overlap(self, caption), `self-view over the tile's caption ${where}`).toBe(false);
      expect(overlap(self, tileBox), `self-view over the tile ${where}`).toBe(false);
      if (diagnostics) {
        const close = await box(page.getByRole('button', { name: 'Close diagnostics' }));
        expect(overlap(settings, close), 'Settings button over the diagnostics close button').toBe(false);
      }
      await page.screenshot({ path: `screenshots/call-layout${diagnostics ? '-diagnostics' : ''}.png` });
    }
    await page.getByRole('button', { name: 'Close diagnostics' }).click();

    const controls = page.getByRole('navigation', { name: 'Call controls' });
    const mute = controls.getByRole('button', { name: 'Mute' });
    const camera = controls.getByRole('button', { name: 'Camera' });
    // Pressed means "this is off", for both: nothing is pressed while the microphone and camera are on.
    await expect(mute).toHaveAttribute('aria-pressed', 'false');
    await expect(camera).toHaveAttribute('aria-pressed', 'false');
    const look = (l: typeof mute) =>
      l.evaluate((el) => {
        const s = getComputedStyle(el);
        return `${s.backgroundColor} ${s.borderColor}`;
      });
    expect(await look(mute)).toBe(await look(camera));
    await mute.click();
    await camera.click();
    await expect(mute).toHaveAttribute('aria-pressed', 'true');
    await expect(camera).toHaveAttribute('aria-pressed', 'true');
    expect(await look(mute)).toBe(await look(camera));
    await page.screenshot({ path: 'screenshots/call-muted-camera-off.png' });
    // Every control shows an icon next to its words (the icon is hidden from screen readers).
    const bare = await controls
      .locator('button')
      .evaluateAll((els) =>
        els.filter((el) => !el.querySelector('svg[aria-hidden="true"]')).map((el) => el.textContent ?? ''),
      );
    expect(bare).toEqual([]);
  } finally {
    await Promise.all(people.map((p) => p.page.context().close()));
  }
});
