/**
 * The wiring of traverse: links with Electron as fake ports: the single-instance
 * lock, a second launch's argv, macOS open-url, and a link that comes before
 * the page listens. Plus the `link:pending` channel the page asks through.
 */
import { describe, expect, it } from 'vitest';
import { createLinkInbox, wireDeepLinks, type DeepLinkAppPorts } from '../../electron/core/deep-link-router';
import { dispatch } from '../../electron/core/dispatch';
import { createHandlers } from '../../electron/core/handlers';
import { createSettingsStore } from '../../electron/core/settings';
import { createInvite, inviteKey } from '../../shared/invite';
import type { InviteLink } from '../../shared/ipc';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const key = await inviteKey('unit-router-secret-0123456789abcdefghij');
const standup = await createInvite(key, 'standup', 3600);
const retro = await createInvite(key, 'retro', 3600);
const link = (token: string) => `traverse:join?invite=${token}`;

/** Electron's app as a fake: records what was asked and lets the test fire its events. */
function fakeApp(options: { lock?: boolean; registers?: boolean } = {}) {
  const calls = { lock: 0, register: 0, focus: 0 };
  let secondInstance: ((argv: readonly string[]) => void) | null = null;
  let openUrl: ((url: string) => void) | null = null;
  const app: DeepLinkAppPorts = {
    requestSingleInstanceLock: () => (calls.lock++, options.lock ?? true),
    registerProtocolClient: () => (calls.register++, options.registers ?? true),
    onSecondInstance: (listener) => (secondInstance = listener),
    onOpenUrl: (listener) => (openUrl = listener),
    focusWindow: () => {
      calls.focus++;
    },
  };
  return {
    app,
    calls,
    secondLaunch: (argv: readonly string[]) => secondInstance?.(argv),
    openUrl: (url: string) => openUrl?.(url),
    hooked: () => secondInstance !== null && openUrl !== null,
  };
}

/** An inbox whose "window" records pushes; `windowOpen` false means no page could take one. */
function world(options: { lock?: boolean; registers?: boolean; argv?: string[] } = {}) {
  const sent: InviteLink[] = [];
  const logs: string[] = [];
  const state = { windowOpen: true };
  const inbox = createLinkInbox({
    send: (l) => (state.windowOpen ? (sent.push(l), true) : false),
    log: (m) => logs.push(m),
  });
  const fake = fakeApp(options);
  const primary = wireDeepLinks(fake.app, inbox, options.argv ?? ['/opt/Traverse/traverse'], (m) => logs.push(m));
  return { ...fake, inbox, sent, logs, state, primary };
}

describe('wireDeepLinks', () => {
  it('a second instance hands over and quits: no handlers, no registration', () => {
    const w = world({ lock: false, argv: ['/opt/Traverse/traverse', link(standup)] });
    expect(w.primary).toBe(false);
    expect(w.hooked()).toBe(false);
    expect(w.calls.register).toBe(0);
    expect(w.inbox.take()).toBeNull();
  });

  it('the first instance takes the lock, registers the scheme and hooks second-instance and open-url', () => {
    const w = world();
    expect(w.primary).toBe(true);
    expect(w.calls).toMatchObject({ lock: 1, register: 1 });
    expect(w.hooked()).toBe(true);
  });

  it('says so when the OS refused the registration, and still takes links', () => {
    const w = world({ registers: false, argv: ['/opt/Traverse/traverse', link(standup)] });
    expect(w.logs.join('\n')).toContain('Could not register');
    expect(w.inbox.take()).toEqual({ invite: standup, room: 'standup' });
  });

  it('a link on the first launch waits for the page, then is handed over once', () => {
    const w = world({ argv: ['/opt/Traverse/traverse', '--no-sandbox', link(standup)] });
    expect(w.sent).toEqual([]);
    expect(w.inbox.take()).toEqual({ invite: standup, room: 'standup' });
    expect(w.inbox.take()).toBeNull();
  });

  it("a second launch's link reaches the listening page and brings the window forward", () => {
    const w = world();
    expect(w.inbox.take()).toBeNull();
    w.secondLaunch(['/opt/Traverse/traverse', '--some-chromium-switch', link(retro)]);
    expect(w.sent).toEqual([{ invite: retro, room: 'retro' }]);
    expect(w.calls.focus).toBe(1);
  });

  it('a second launch without a link only brings the window forward', () => {
    const w = world();
    w.inbox.take();
    w.secondLaunch(['/opt/Traverse/traverse']);
    expect(w.sent).toEqual([]);
    expect(w.calls.focus).toBe(1);
  });

  it('macOS open-url reaches the page; before the page listens it waits, and only the latest link is kept', () => {
    const w = world();
    w.openUrl(link(standup));
    w.openUrl(`traverse://join/?invite=${retro}`);
    expect(w.sent).toEqual([]);
    expect(w.calls.focus).toBe(2);
    expect(w.inbox.take()).toEqual({ invite: retro, room: 'retro' });
    w.openUrl(link(standup));
    expect(w.sent).toEqual([{ invite: standup, room: 'standup' }]);
  });

  it('a page that went away (reload, closed window) gets the link when it asks again', () => {
    const w = world();
    w.inbox.take();
    w.inbox.rendererGone();
    w.secondLaunch(['/opt/Traverse/traverse', link(retro)]);
    expect(w.sent).toEqual([]);
    expect(w.inbox.take()).toEqual({ invite: retro, room: 'retro' });
  });

  it('a link no window could take stays queued', () => {
    const w = world();
    w.inbox.take();
    w.state.windowOpen = false;
    w.openUrl(link(standup));
    expect(w.sent).toEqual([]);
    expect(w.inbox.take()).toEqual({ invite: standup, room: 'standup' });
  });

  it('ignores bad links with a logged reason that never holds the token', () => {
    const w = world({ argv: ['/opt/Traverse/traverse', `traverse:call?invite=${standup}`] });
    w.inbox.take();
    w.secondLaunch(['/opt/Traverse/traverse', `traverse:join?invite=${standup}&invite=${retro}`]);
    w.openUrl(`https://phish.example/join?invite=${standup}`);
    w.openUrl(link(standup)); // a good one, so the logs also cover delivery
    expect(w.sent).toEqual([{ invite: standup, room: 'standup' }]);
    const logs = w.logs.join('\n');
    expect(logs).toContain('Ignored a link from launch: unknown action "call"');
    expect(logs).toContain('Ignored a link from second-instance: more than one invite');
    expect(logs).toContain('Ignored a link from open-url: not a traverse: link');
    for (const token of [standup, retro]) {
      for (const part of token.split('.').slice(1)) expect(logs).not.toContain(part);
    }
  });
});

describe('link:pending', () => {
  it('hands the page the queued link once, and nothing when there is none', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'traverse-links-'));
    const base = {
      settings: createSettingsStore(dir),
      app: { version: 't', platform: 'linux' },
      embeddedSignalingUrl: () => '',
    };
    expect(await dispatch(createHandlers(base), 'link:pending', null)).toEqual({ ok: true, value: { link: null } });
    const inbox = createLinkInbox({ send: () => true, log: () => undefined });
    inbox.receive(link(standup), 'launch');
    const handlers = createHandlers({ ...base, links: inbox });
    expect(await dispatch(handlers, 'link:pending', null)).toEqual({
      ok: true,
      value: { link: { invite: standup, room: 'standup' } },
    });
    expect(await dispatch(handlers, 'link:pending', null)).toEqual({ ok: true, value: { link: null } });
    expect(await dispatch(handlers, 'link:pending', { give: 'me' })).toMatchObject({ ok: false });
  });
});
