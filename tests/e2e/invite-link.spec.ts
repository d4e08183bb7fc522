/**
 * `traverse:join?invite=…` links, delivered as the main process delivers them:
 * the harness's /__harness/open-link runs the same parser and inbox as
 * electron/main.ts and pushes `link:invite` to the page. Against a signaling
 * server with AUTH_SECRET: a link fills the lobby (also one that came before
 * the window was ready) and Join gets in; a link during a call only says so,
 * and the call goes on; after hanging up the new invite is in the lobby.
 */
import type { Browser } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { createInvite, inviteKey } from '../../shared/invite';
import { startSignalingServer, type RunningSignalingServer } from '../../server/signaling-server';
import { postToHarness } from '../harness/harness-request';
import { expect, expectRising, test } from './people';

const SECRET = 'e2e-invite-link-secret-0123456789abcdefghij';
const SCREENSHOTS = 'screenshots';
let server: RunningSignalingServer;

test.beforeAll(async () => {
  server = await startSignalingServer({
    host: '127.0.0.1',
    port: 0,
    authSecret: SECRET,
    // The pages come from the web harness: its origin stands in for the app's.
    allowedOrigins: [`http://127.0.0.1:${process.env.HARNESS_PORT ?? ''}`],
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
});
test.afterAll(async () => {
  await server?.close();
});

const harnessToken = () => process.env.HARNESS_TOKEN ?? '';

/** One call into the harness for `profile`, as the app's main process would see it. */
const harness = (baseURL: string, path: string, profile: string, body: unknown) =>
  postToHarness(baseURL, harnessToken(), profile, path, body);

/** A person whose app signals through the test's AUTH_SECRET server; the page opens when `open` is called. */
async function person(browser: Browser, baseURL: string, name: string) {
  const profile = `${name}${Math.random().toString(36).slice(2, 8)}`;
  expect(await harness(baseURL, '/__harness/ipc/settings:set', profile, { signalingUrl: server.url })).toMatchObject({
    ok: true,
  });
  const context = await browser.newContext();
  const page = await context.newPage();
  return {
    page,
    /** What the OS does when this person clicks a traverse: link. */
    openLink: (url: string) => harness(baseURL, '/__harness/open-link', profile, { url }),
    async open() {
      await page.goto(`/?token=${harnessToken()}&profile=${profile}`);
      await expect(page.getByRole('button', { name: 'Join' })).toBeEnabled();
      await expect(page.getByLabel('Signaling server')).toContainText('Invites required');
    },
    tile: (remote: string) =>
      page.locator('figure.tile', { has: page.locator('.tile-name', { hasText: new RegExp(`^${remote}$`) }) }),
    close: () => context.close(),
  };
}

test('a traverse: link fills the lobby and gets people in; one arriving mid-call only says so', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const key = await inviteKey(SECRET);
  const standup = await createInvite(key, 'standup', 600);
  const retro = await createInvite(key, 'retro', 600);
  const ana = await person(browser, baseURL!, 'Ana');
  const ben = await person(browser, baseURL!, 'Ben');
  try {
    await test.step('a link from the launch waits for the window, then fills room and invite', async () => {
      expect(await ana.openLink(`traverse:join?invite=${standup}`)).toEqual({ ok: true, outcome: 'queued' });
      await ana.open();
      await expect(ana.page.getByLabel('Room')).toHaveValue('standup');
      await expect(ana.page.getByLabel('Invite', { exact: true })).toHaveValue(standup);
      await expect(ana.page.getByText('Invite to “standup”, valid until')).toBeVisible();
      await ana.page.getByLabel('Display name').fill('Ana');
      await ana.page.screenshot({ path: `${SCREENSHOTS}/invite-link-lobby.png` });
    });

    await test.step('junk and foreign links change nothing', async () => {
      for (const url of [
        'traverse:join?invite=nope',
        `traverse:settings?invite=${retro}`,
        `https://evil.example/join?invite=${retro}`,
      ]) {
        expect(await ana.openLink(url)).toEqual({ ok: true, outcome: 'ignored' });
      }
      await expect(ana.page.getByLabel('Room')).toHaveValue('standup');
    });

    await test.step('Join with the invite from the link is admitted by the AUTH_SECRET server', async () => {
      await ana.page.getByRole('button', { name: 'Join' }).click();
      await expect(ana.page.getByText('Waiting for others to join…')).toBeVisible();
    });

    await test.step('a link while the lobby is open (traverse://join/ form) fills it at once', async () => {
      await ben.open();
      expect(await ben.openLink(`traverse://join/?invite=${standup}`)).toEqual({ ok: true, outcome: 'delivered' });
      await expect(ben.page.getByLabel('Room')).toHaveValue('standup');
      await ben.page.getByLabel('Display name').fill('Ben');
      await ben.page.getByRole('button', { name: 'Join' }).click();
      await expect(ana.tile('Ben')).toHaveAttribute('data-state', 'Connected');
      await expect(ben.tile('Ana')).toHaveAttribute('data-state', 'Connected');
    });

    await test.step('a link during the call shows a notice and the call goes on', async () => {
      expect(await ana.openLink(`traverse:join?invite=${retro}`)).toEqual({ ok: true, outcome: 'delivered' });
      const notice = ana.page.getByRole('status', { name: 'Invite received' });
      await expect(notice).toContainText('Invite to room “retro” received — hang up to join it');
      await expect(ana.page.locator('.room-name')).toHaveText('standup');
      await expect(ana.tile('Ben')).toHaveAttribute('data-state', 'Connected');
      await expectRising(ana.tile('Ben'), 'data-frames-decoded');
      await expectRising(ben.tile('Ana'), 'data-frames-decoded');
      await ana.page.screenshot({ path: `${SCREENSHOTS}/invite-link-in-call.png` });
    });

    await test.step('after hanging up, the invite from the link is in the lobby and gets into its room', async () => {
      await ana.page.getByRole('button', { name: 'Hang up' }).click();
      await expect(ana.page.getByLabel('Room')).toHaveValue('retro');
      await expect(ana.page.getByLabel('Invite', { exact: true })).toHaveValue(retro);
      await ana.page.getByRole('button', { name: 'Join' }).click();
      await expect(ana.page.locator('.room-name')).toHaveText('retro');
      await expect(ana.page.getByText('Waiting for others to join…')).toBeVisible();
    });
  } finally {
    await ana.close();
    await ben.close();
  }
});

test('a link with an expired invite says so in the lobby, and Join shows the server refusing it', async ({
  browser,
  baseURL,
}) => {
  const stale = await createInvite(await inviteKey(SECRET), 'standup', 60, Date.now() - 3_600_000);
  const cy = await person(browser, baseURL!, 'Cy');
  try {
    await cy.open();
    expect(await cy.openLink(`traverse:join?invite=${stale}`)).toEqual({ ok: true, outcome: 'delivered' });
    await expect(
      cy.page.getByText(
        /This invite to “standup” expired .*: the server will refuse it\. Ask whoever sent it for a new one\./,
      ),
    ).toBeVisible();
    await cy.page.getByLabel('Display name').fill('Cy');
    await cy.page.getByRole('button', { name: 'Join' }).click();
    await expect(cy.page.getByText('The invite has expired. Ask whoever invited you for a fresh one.')).toBeVisible();
    await expect(cy.page.getByRole('button', { name: 'Join' })).toBeEnabled();
    await cy.page.screenshot({ path: `${SCREENSHOTS}/invite-link-expired.png` });
  } finally {
    await cy.close();
  }
});
