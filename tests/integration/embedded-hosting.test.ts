/**
 * Finding 1 (issue 14): the embedded signaling server, started the way electron/main.ts
 * starts it. By default it must listen on 127.0.0.1 only; hosting for the network it
 * must refuse every socket without a valid invite, in words a person understands.
 * 127.0.0.2 stands in for "another interface": it reaches a wildcard bind, never a
 * 127.0.0.1-only one, and keeps the test's traffic on loopback.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedServer } from '../../electron/embedded-server';
import { createEmbeddedHosting, type EmbeddedHosting } from '../../electron/core/embedded-hosting';
import { createVault, type Vault } from '../../electron/core/vault';
import { defaultSettings } from '../../shared/config';
import { HOSTING_SECRET_NAME } from '../../shared/ipc';
import { createAesSecretStorage } from '../harness/aes-secret-storage';

const EVIL = 'https://evil.example';
/** The desktop app's own page: admitted by the Origin check, so what is tested here is who can reach the server. */
const APP = 'app://traverse';
const sockets: Socket[] = [];
const hostings: EmbeddedHosting[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  for (const h of hostings.splice(0)) await h.stop();
});

function connect(url: string, auth?: Record<string, unknown>, origin = APP): Promise<Socket> {
  const socket = io(url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    extraHeaders: { Origin: origin },
    ...(auth ? { auth } : {}),
  });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

async function realVault(): Promise<Vault> {
  const dir = await mkdtemp(join(tmpdir(), 'traverse-hosting-'));
  return createVault({ dir, storage: createAesSecretStorage(), acceptsWeakStorage: () => Promise.resolve(false) });
}

async function hosting(vault?: Vault): Promise<EmbeddedHosting> {
  const h = createEmbeddedHosting({
    start: startEmbeddedServer,
    vault: vault ?? (await realVault()),
    lanAddress: () => '127.0.0.2',
    log: () => {},
  });
  hostings.push(h);
  return h;
}

describe('embedded signaling server (finding 1)', () => {
  it('by default listens on 127.0.0.1 only: another interface cannot connect', async () => {
    const h = await hosting();
    await h.follow(defaultSettings());
    const port = h.port()!;
    expect(port).toBeGreaterThan(0);
    expect(h.state().reach).toBe('computer');
    await expect(connect(`http://127.0.0.2:${port}`)).rejects.toThrow();
    const socket = await connect(`http://127.0.0.1:${port}`);
    expect(socket.connected).toBe(true);
    // A web page on another origin, in a browser on this computer, is refused too.
    await expect(connect(`http://127.0.0.1:${port}`, undefined, EVIL)).rejects.toThrow();
  });

  it('is not started when a signaling URL is set, and follows the setting both ways', async () => {
    const h = await hosting();
    await h.follow({ ...defaultSettings(), signalingUrl: 'https://signal.example.org' });
    expect(h.state().reach).toBe('off');
    await h.follow(defaultSettings());
    const port = h.port()!;
    expect(h.state().reach).toBe('computer');
    await h.follow({ ...defaultSettings(), signalingUrl: 'https://signal.example.org' });
    expect(h.state().reach).toBe('off');
    await expect(connect(`http://127.0.0.1:${port}`)).rejects.toThrow();
  });

  it('hosting for the network: no invite, a forged or an expired one are refused in words; a minted one joins', async () => {
    const h = await hosting();
    await h.follow({ ...defaultSettings(), hostOnNetwork: true });
    expect(h.state().reach).toBe('network');
    const url = `http://127.0.0.2:${h.port()!}`;
    const refused = async (auth?: Record<string, unknown>) => {
      const error: unknown = await connect(url, auth).then(
        () => null,
        (e: unknown) => e,
      );
      const data = (error as { data?: { message?: string } } | null)?.data;
      return data?.message ?? '';
    };
    expect(await refused()).toMatch(/only admits people with an invite/);
    const link = await h.mintInvite('room-one', 3600);
    const invite = new URL(link.replace(/^traverse:/, 'http://x/')).searchParams.get('invite')!;
    const forged = invite.slice(0, -4) + (invite.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect(await refused({ token: forged })).toMatch(/invite/i);
    const expired = await h.mintInvite('room-one', 1, Date.now() - 10_000);
    const expiredToken = new URL(expired.replace(/^traverse:/, 'http://x/')).searchParams.get('invite')!;
    expect(await refused({ token: expiredToken })).toMatch(/expired/i);
    const socket = await connect(url, { token: invite });
    const ack = (await socket.emitWithAck('join', { room: 'room-one', name: 'Guest' })) as { ok: boolean };
    expect(ack.ok).toBe(true);
  });

  it('switching hosting restarts on the same port, and ready() waits for it before state() answers', async () => {
    const h = await hosting();
    await h.follow(defaultSettings());
    const port = h.port();
    void h.follow({ ...defaultSettings(), hostOnNetwork: true });
    await h.ready();
    expect(h.state()).toMatchObject({ reach: 'network', port });
    expect(h.localUrl()).toBe(`http://127.0.0.1:${port!}`);
  });

  it('the invite link carries the LAN address and port of this server', async () => {
    const h = await hosting();
    await h.follow({ ...defaultSettings(), hostOnNetwork: true });
    const link = new URL((await h.mintInvite('room-two', 3600)).replace(/^traverse:/, 'http://x/'));
    expect(link.searchParams.get('server')).toBe(`http://127.0.0.2:${h.port()!}`);
  });
});

describe('the embedded server as electron/main.ts started it (the reproduction)', () => {
  it('a page on another origin, from another interface, cannot connect and join a room', async () => {
    const server = await startEmbeddedServer();
    try {
      const joined = await connect(`http://127.0.0.2:${server.port}`).then(
        async (socket) => ((await socket.emitWithAck('join', { room: 'lobby', name: 'Eve' })) as { ok: boolean }).ok,
        () => false,
      );
      expect(joined).toBe(false);
    } finally {
      await server.close();
    }
  });

  it('keeps the invite secret in the vault, the same one across restarts, and never in what it hands out', async () => {
    const vault = await realVault();
    const first = await hosting(vault);
    await first.follow({ ...defaultSettings(), hostOnNetwork: true });
    const secret = await vault.get(HOSTING_SECRET_NAME);
    expect(secret?.length).toBeGreaterThanOrEqual(32);
    const link = await first.mintInvite('room-three', 3600);
    expect(link).not.toContain(secret);
    expect((await vault.status()).set).not.toContain(HOSTING_SECRET_NAME);
    await first.stop();
    const second = await hosting(vault);
    await second.follow({ ...defaultSettings(), hostOnNetwork: true });
    expect(await vault.get(HOSTING_SECRET_NAME)).toBe(secret);
  });

  it('hosting for the network without secure storage stays on this computer and says why', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'traverse-hosting-'));
    const weak = createVault({
      dir,
      storage: createAesSecretStorage('basic_text'),
      acceptsWeakStorage: () => Promise.resolve(false),
    });
    const h = await hosting(weak);
    await h.follow({ ...defaultSettings(), hostOnNetwork: true });
    expect(h.state().reach).toBe('computer');
    expect(h.state().problem).toMatch(/this computer only.*secure storage/);
    await expect(connect(`http://127.0.0.2:${h.port()!}`)).rejects.toThrow();
  });
});
