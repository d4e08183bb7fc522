/** Invite links with a server: parsing (deep-link.ts), the LAN address they carry, and the handlers that make and follow them. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir, type NetworkInterfaceInfo } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDeepLink } from '../../electron/core/deep-link';
import { createLinkInbox } from '../../electron/core/deep-link-router';
import { dispatch } from '../../electron/core/dispatch';
import { createGuestServer } from '../../electron/core/guest-server';
import { createHandlers } from '../../electron/core/handlers';
import { pickLanAddress } from '../../electron/core/lan-address';
import { createSettingsStore } from '../../electron/core/settings';
import { createInvite, inviteKey } from '../../shared/invite';

const token = async (room = 'standup') => createInvite(await inviteKey('x'.repeat(32)), room, 600);

describe('traverse:join links with a server', () => {
  it('accepts one http(s) origin and normalises it', async () => {
    const invite = await token();
    const parsed = parseDeepLink(
      `traverse:join?invite=${invite}&server=${encodeURIComponent('http://192.168.1.5:4455')}`,
    );
    expect(parsed).toEqual({ ok: true, link: { invite, room: 'standup', server: 'http://192.168.1.5:4455' } });
    expect(parseDeepLink(`traverse:join?invite=${invite}`)).toEqual({ ok: true, link: { invite, room: 'standup' } });
  });

  it('refuses other schemes, credentials, paths with queries, and two servers, with a reason', async () => {
    const invite = await token();
    for (const server of [
      'javascript:alert(1)',
      'file:///etc/passwd',
      'ws://h:1',
      'http://u:p@h:1',
      'http://h:1/?x=1',
      'nope',
    ]) {
      const result = parseDeepLink(`traverse:join?invite=${invite}&server=${encodeURIComponent(server)}`);
      expect(result.ok, server).toBe(false);
      expect(result.ok ? '' : result.reason).toMatch(/server/);
    }
    const two = parseDeepLink(`traverse:join?invite=${invite}&server=http://a:1&server=http://b:1`);
    expect(two).toEqual({ ok: false, reason: 'more than one server in the link' });
  });

  it('the inbox hands the server to the guest-server holder, and keeps the link for the reloaded page', async () => {
    const guest = createGuestServer();
    const sent: unknown[] = [];
    const inbox = createLinkInbox({
      send: (link) => (sent.push(link), true),
      log: () => {},
      onLink: (link) => guest.set(link.server ?? null),
    });
    expect(inbox.take()).toBeNull();
    const invite = await token();
    expect(inbox.receive(`traverse:join?invite=${invite}&server=http://10.0.0.2:4455`, 'harness')).toBe('delivered');
    expect(guest.get()).toBe('http://10.0.0.2:4455');
    expect(inbox.take()).toMatchObject({ server: 'http://10.0.0.2:4455' });
    inbox.receive(`traverse:join?invite=${invite}`, 'harness');
    expect(guest.get()).toBeNull();
  });
});

describe('LAN address for invite links', () => {
  const info = (address: string, internal = false, family: 'IPv4' | 'IPv6' = 'IPv4'): NetworkInterfaceInfo => {
    const base = { address, internal, netmask: '', mac: '', cidr: null };
    return family === 'IPv6' ? { ...base, family, scopeid: 0 } : { ...base, family };
  };
  it('takes a private non-internal IPv4 first, never loopback or link-local', () => {
    expect(
      pickLanAddress({
        lo: [info('127.0.0.1', true)],
        eth0: [info('fe80::1', false, 'IPv6'), info('169.254.3.4'), info('203.0.113.7')],
        wlan0: [info('192.168.1.23')],
      }),
    ).toBe('192.168.1.23');
    expect(pickLanAddress({ eth0: [info('203.0.113.7')] })).toBe('203.0.113.7');
    expect(pickLanAddress({ lo: [info('127.0.0.1', true)] })).toBeNull();
  });
});

describe('handlers: hosting:invite and the guest server', () => {
  it('hosting:invite is zod-checked both ways and refused with the reason where the app does not host', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'traverse-hosting-h-'));
    const handlers = createHandlers({
      settings: createSettingsStore(dir),
      app: { version: 't', platform: 'linux' },
      embeddedSignalingUrl: () => 'http://127.0.0.1:4455',
    });
    expect(await dispatch(handlers, 'hosting:invite', { room: 'a', ttlSeconds: 5 })).toMatchObject({ ok: false });
    expect(await dispatch(handlers, 'hosting:invite', { room: 'a', ttlSeconds: 3600 })).toEqual({
      ok: false,
      error: 'This app does not host a signaling server here, so it cannot make invites.',
    });
  });

  it('app:info and signaling follow the guest server until the person picks a server in Settings', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'traverse-hosting-h-'));
    const guestServer = createGuestServer();
    const handlers = createHandlers({
      settings: createSettingsStore(dir),
      app: { version: 't', platform: 'linux' },
      embeddedSignalingUrl: () => 'http://127.0.0.1:4455',
      guestServer,
    });
    guestServer.set('http://10.0.0.2:4455');
    expect(await dispatch(handlers, 'app:info', null)).toMatchObject({
      ok: true,
      value: { signalingUrl: 'http://10.0.0.2:4455', embeddedSignaling: false, guestServer: 'http://10.0.0.2:4455' },
    });
    await dispatch(handlers, 'settings:set', { hostOnNetwork: false });
    expect(await dispatch(handlers, 'app:info', null)).toMatchObject({
      value: { signalingUrl: 'http://127.0.0.1:4455', embeddedSignaling: true, guestServer: null },
    });
  });
});
