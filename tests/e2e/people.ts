/** Fixtures for e2e: each person is their own browser context and harness profile. */
import { test as base, expect, type Browser, type Page } from '@playwright/test';

export interface Person {
  name: string;
  page: Page;
  /** Fills the lobby and presses Join. */
  join(room: string): Promise<void>;
  /** The remote tile showing `name`. */
  tile(name: string): ReturnType<Page['locator']>;
}

function pageUrl(profile: string): string {
  return `/?token=${process.env.HARNESS_TOKEN ?? ''}&profile=${encodeURIComponent(profile)}`;
}

/** Opens one person; `urlFor` points at another harness than Playwright's own (e.g. one the test started). */
export async function openPerson(
  browser: Browser,
  name: string,
  urlFor: (profile: string) => string = pageUrl,
): Promise<Person> {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const profile = `${name.replace(/[^A-Za-z0-9]/g, '')}${Math.random().toString(36).slice(2, 8)}`;
  await page.goto(urlFor(profile));
  await expect(page.getByRole('button', { name: 'Join' })).toBeEnabled();
  return {
    name,
    page,
    async join(room) {
      await page.getByLabel('Display name').fill(name);
      await page.getByLabel('Room').fill(room);
      await page.getByRole('button', { name: 'Join' }).click();
    },
    tile: (remote) =>
      page.locator('figure.tile', { has: page.locator('.tile-name', { hasText: new RegExp(`^${remote}$`) }) }),
  };
}

/** A number read from a tile attribute. */
export async function counter(tile: ReturnType<Page['locator']>, attribute: string): Promise<number> {
  return Number((await tile.getAttribute(attribute)) ?? '0');
}

/** Waits until a tile's counter has risen past its current value: media is flowing now. */
export async function expectRising(tile: ReturnType<Page['locator']>, attribute: string): Promise<void> {
  const start = await counter(tile, attribute);
  await expect
    .poll(() => counter(tile, attribute), { message: `${attribute} should keep rising` })
    .toBeGreaterThan(start);
}

/**
 * Waits until a tile is Connected and its decoded-frame count rose between two reads taken while it
 * was: frames arrive now. Unlike expectRising it takes no starting count, so a tile whose count
 * starts again from 0 on a fresh connection (after a restart) is read as it is, not against the old one.
 */
export async function expectDecodingNow(tile: ReturnType<Page['locator']>, timeout = 30_000): Promise<void> {
  let last: number | null = null;
  await expect
    .poll(
      async () => {
        const connected = (await tile.getAttribute('data-state')) === 'Connected';
        const frames = await counter(tile, 'data-frames-decoded');
        const rose = connected && last !== null && frames > last;
        last = connected ? frames : null;
        return rose;
      },
      { message: 'the tile should be Connected with frames rising', timeout, intervals: [100] },
    )
    .toBe(true);
}

/** Opens one person per name; the result has one Person per name, in order. */
export type OpenPeople = <const N extends readonly string[]>(
  ...names: N
) => Promise<{ -readonly [K in keyof N]: Person }>;

export const test = base.extend<{ people: OpenPeople }>({
  people: async ({ browser }, use) => {
    const opened: Person[] = [];
    const open = async (...names: readonly string[]) => {
      const people = await Promise.all(names.map((n) => openPerson(browser, n)));
      opened.push(...people);
      return people;
    };
    await use(open as OpenPeople);
    await Promise.all(opened.map((p) => p.page.context().close()));
  },
});

export { expect };
