/**
 * A call across home A's two uplinks (two-uplinks.ts), for the cells of two-uplinks.spec.ts and the
 * benchmark's switches (uplink-switches.lab-bench.ts): set up, watched from Ben's side (the longest
 * gap between frames of Ana, whichever tile showed them), and waited on after a change.
 */
import { expect, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { longestTileGaps, watchTileGaps } from '../e2e/tile-gaps';
import { setNat } from './lab';
import { framesRising, join, openLabPerson, outcome, recordStates, type LabPerson } from './lab-person';
import type { LabSession } from './lab-session';
import { addSecondUplink, dropFirstUplink, preferSecondUplink } from './two-uplinks';

/**
 * The longest gap between frames of Ana on Ben's screen since the restart (tile-gaps.ts): one series
 * across video elements, so a rejoin, which replaces the tile and its video, counts from the old
 * tile's last frame to the new tile's first. Never shown at all: Infinity.
 */
export const gapOfAna = async (page: Page) => (await longestTileGaps(page))['Video of Ana'] ?? Infinity;

/** Ana's timeline for Ben, newest first, one event a line. */
export const timelineOf = (person: LabPerson) =>
  person.page
    .getByRole('list', { name: 'Timeline events, newest first' })
    .innerText({ timeout: 2_000 })
    .catch((e: unknown) => `no timeline (${String(e).slice(0, 200)})`);

/** Ana (home A, two uplinks, eth0 preferred) and Ben (home B) in a call, both behind cones, Ben watching Ana's frames. */
export async function call(session: LabSession): Promise<[LabPerson, LabPerson]> {
  await setNat('a', 'cone');
  await setNat('b', 'cone');
  await addSecondUplink('cone');
  const ana = await openLabPerson(session.browsers.a, 'Ana', await session.homeSite('a', true));
  const ben = await openLabPerson(session.browsers.b, 'Ben', session.site(true));
  const room = `uplinks-${randomBytes(3).toString('hex')}`;
  await join(ana, 'Ana', room);
  await join(ben, 'Ben', room);
  for (const [person, other] of [
    [ana, 'Ben'],
    [ben, 'Ana'],
  ] as const)
    expect(await outcome(person.tile(other), 25_000), `${other}'s tile`).toMatch(/^(Connected|Relayed)$/);
  expect(await framesRising(ben.tile('Ana')), 'Ben sees Ana').toBe(true);
  await ana.page.getByRole('button', { name: 'Diagnostics' }).click();
  await watchTileGaps(ben.page);
  await recordStates(ana.page);
  await recordStates(ben.page);
  return [ana, ben];
}

/**
 * Waits until the call is back after the change and Ben's tile of Ana decodes again, then returns
 * the longest gap on that tile since the change. Back means one of: the link's recovery ended
 * ("recovered in", with the change noted first), or the app rejoined over a fresh signaling
 * connection (a new link, "after rejoining": the server had not yet seen the old one go).
 */
export async function afterChange(
  ana: LabPerson,
  ben: LabPerson,
  noted: RegExp,
  since?: string,
): Promise<{ gap: number; how: string }> {
  let timeline = '';
  // Newest first: only what came after `since`'s newest line counts (an earlier change's recovery does not).
  const top = since?.split('\n')[0];
  const fresh = (all: string) => (top && all.includes(top) ? all.slice(0, all.indexOf(top)) : all);
  await expect
    .poll(
      async () => {
        timeline = fresh(await timelineOf(ana));
        return /after rejoining/.test(timeline) || (noted.test(timeline) && /recovered in \d+ ms/.test(timeline));
      },
      { timeout: 30_000 },
    )
    .toBe(true)
    .catch((e: unknown) => {
      console.log(`Ana's timeline, the call not back:\n${timeline}`);
      throw e;
    });
  const rising = await framesRising(ben.tile('Ana'));
  expect(rising, 'Ben sees Ana again').toBe(true);
  const how = /after rejoining/.test(timeline)
    ? 'rejoined on a fresh signaling connection'
    : (/recovered in [^\n]*/.exec(timeline)?.[0] ?? '');
  return { gap: await gapOfAna(ben.page), how };
}

/** The two uplink changes, and what Ana's timeline notes when her app sees each (the cells and the benchmark make both). */
export const UPLINK_CHANGES = {
  'link-down': { act: dropFirstUplink, noted: /lost [^\n]*203\.0\.113\.10[^\n]*ICE restart/ },
  'route-move': { act: preferSecondUplink, noted: /default route moved from eth0 to eth1[^\n]*ICE restart/ },
} as const;
