/**
 * One person of the NAT matrix: a page of the lab harness inside a home, set up for a cell's
 * ICE servers, and what the test reads from it (the tile's state, the diagnostics panel, whether
 * frames are still being decoded, the timeline when a cell went wrong).
 */
import { expect, type Browser, type Locator, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import type { PanelView } from './matrix';

export interface LabPerson {
  page: Page;
  tile(remote: string): Locator;
}

/** Where the lab harness serves the app, and what the cell needs from coturn. */
export interface LabSite {
  origin: string;
  /** The signaling server the app is set to, when it is not the harness that serves the page (a home's own harness). */
  signaling?: string;
  token: string;
  /** host:port of STUN and TURN on the internet namespace. */
  server: string;
  /** coturn's shared secret when the cell uses TURN, else null. */
  turnSecret: string | null;
}

/** One person in a home: a fresh profile configured for this cell's ICE servers before the app starts a call. */
export async function openLabPerson(browser: Browser, name: string, site: LabSite): Promise<LabPerson> {
  const context = await browser.newContext();
  const page = await context.newPage();
  // What the page said, for the failure message: a blank lobby alone explains nothing.
  const said: string[] = [];
  page.on('console', (m) => said.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => said.push(`pageerror: ${e.message}`));
  const profile = `${name}${randomBytes(4).toString('hex')}`;
  await page.goto(`${site.origin}/?token=${site.token}&profile=${profile}`);
  await page.waitForFunction(() => window.traverse !== undefined);
  await page.evaluate(
    async ({ origin, secret, server }) => {
      const api = window.traverse!;
      const { ice } = await api.getSettings();
      const stun = [{ urls: `stun:${server}` }];
      if (secret !== null) {
        await api.setSecret({ name: 'turn-shared-secret', value: secret });
        await api.setSettings({
          signalingUrl: origin,
          // Shared-secret mode hands Chromium the TURN URLs only; Chromium also uses a UDP TURN server as its STUN server.
          ice: {
            ...ice,
            mode: 'shared-secret',
            servers: stun,
            sharedSecret: { urls: [`turn:${server}?transport=udp`, `turn:${server}?transport=tcp`], user: 'natlab' },
          },
        });
      } else {
        await api.setSettings({ signalingUrl: origin, ice: { ...ice, mode: 'manual', servers: stun } });
      }
    },
    // The harness's embedded signaling URL is its loopback address, which a home cannot reach: point at the lab address.
    { origin: site.signaling ?? site.origin, secret: site.turnSecret, server: site.server },
  );
  await page.reload();
  await expect(
    page.getByRole('button', { name: 'Join' }),
    `${name}'s lobby never offered Join; the page said:\n${said.join('\n')}`,
  ).toBeEnabled();
  return {
    page,
    tile: (remote) =>
      page.locator('figure.tile', { has: page.locator('.tile-name', { hasText: new RegExp(`^${remote}$`) }) }),
  };
}

export async function join(person: LabPerson, name: string, room: string): Promise<void> {
  await person.page.getByLabel('Display name').fill(name);
  await person.page.getByLabel('Room').fill(room);
  await person.page.getByRole('button', { name: 'Join' }).click();
}

const stateOf = async (tile: Locator) =>
  (await tile.getAttribute('data-state', { timeout: 2_000 }).catch(() => null)) ?? 'no tile';
const framesOf = async (tile: Locator) =>
  Number((await tile.getAttribute('data-frames-decoded', { timeout: 1_000 }).catch(() => null)) ?? '0');

/** Waits until the tile is live or has failed; a timeout is itself the answer "did not connect". */
export async function outcome(tile: Locator, timeoutMs: number): Promise<string> {
  await expect
    .poll(() => stateOf(tile), { timeout: timeoutMs, intervals: [250] })
    .toMatch(/^(Connected|Relayed|Failed)$/)
    .catch(() => undefined);
  return stateOf(tile);
}

/** What the diagnostics panel shows about the link to `remote` (framesRising is measured apart). */
export async function readPanel(person: LabPerson, remote: string): Promise<PanelView> {
  const panel = person.page.getByRole('complementary', { name: 'Diagnostics panel' });
  const attr = (locator: Locator, name: string) => locator.getAttribute(name, { timeout: 2_000 }).catch(() => null);
  const text = (locator: Locator) =>
    locator
      .textContent({ timeout: 2_000 })
      .then((t) => t?.trim() ?? null)
      .catch(() => null);
  const badge = await text(panel.locator('.path-badge'));
  return {
    tileState: await stateOf(person.tile(remote)),
    localType: await attr(panel.getByTestId('selected-local-type'), 'data-type'),
    remoteType: await attr(panel.getByTestId('selected-remote-type'), 'data-type'),
    relayProtocol: await text(panel.getByTestId('selected-relay-protocol')),
    badge: badge === 'Relayed' || badge === 'Direct' ? badge : null,
    framesRising: false,
  };
}

/** Waits (bounded) for new decoded frames: media is flowing now, not just a pair selected. */
export async function framesRising(tile: Locator): Promise<boolean> {
  const start = await framesOf(tile);
  return expect
    .poll(() => framesOf(tile), { timeout: 10_000 })
    .toBeGreaterThan(start)
    .then(() => true)
    .catch(() => false);
}

/** The app's own timeline, newest first, as lines: what ICE did, for a cell that went wrong. */
export async function timelineOf(person: LabPerson, panelOpen: boolean): Promise<string> {
  if (!panelOpen)
    await person.page
      .getByRole('button', { name: 'Diagnostics' })
      .click({ timeout: 2_000 })
      .catch(() => undefined);
  const timeline = await person.page
    .getByLabel('Timeline')
    .innerText({ timeout: 2_000 })
    .catch(() => 'no timeline');
  return timeline.split('\n').slice(1, 61).join(' ').replace(/ \+/g, '\n  +');
}

/** Records every state a tile shows, so a cell can say whether "Reconnecting" ever appeared. */
export async function recordStates(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen = new Set<string>();
    (window as unknown as { __states: Set<string> }).__states = seen;
    const look = () =>
      document.querySelectorAll('figure.tile[data-state]').forEach((t) => seen.add(t.getAttribute('data-state')!));
    new MutationObserver(look).observe(document.body, {
      subtree: true,
      attributes: true,
      attributeFilter: ['data-state'],
      childList: true,
    });
    look();
  });
}

/** Every state a tile showed since recordStates. */
export const statesSeen = (page: Page) =>
  page.evaluate(() => [...(window as unknown as { __states: Set<string> }).__states]);
