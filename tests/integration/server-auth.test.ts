/**
 * Invites for real: a server with AUTH_SECRET on port 0, socket.io-client, and
 * an HTTP route guarded by the bearer check.
 */
import { createServer } from 'node:http';
import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { requireBearer } from '../../server/auth';
import { handleHttp, startSignalingServer, type RunningSignalingServer } from '../../server/signaling-server';
import { createInvite, extractInvite, inviteKey, readInvite } from '../../shared/invite';
import type { Ack, JoinResult } from '../../shared/signaling';

const SECRET = 'test-auth-secret-0123456789abcdefghijklmnop';
let server: RunningSignalingServer;
let open: RunningSignalingServer;
let key: CryptoKey;
const clients: Socket[] = [];

beforeAll(async () => {
  key = await inviteKey(SECRET);
  // Our own HTTP server, so /ice exists for this test whether or not the ICE route has landed:
  // the real one (in handleHttp) answers first when it is there.
  const http = createServer((req, res) => {
    if ((req.url ?? '').startsWith('/socket.io/')) return;
    if (handleHttp(req, res, Date.now(), server.io)) return;
    if (req.url === '/ice') {
      void requireBearer(server.io, req, res).then((allowed) => {
        if (!allowed) return;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ iceServers: [] }));
      });
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  server = await startSignalingServer({ httpServer: http, authSecret: SECRET });
  open = await startSignalingServer({ port: 0 });
});
afterAll(async () => {
  await server.close();
  await open.close();
});
afterEach(() => {
  for (const c of clients.splice(0)) c.disconnect();
});

/** Connects with `auth`; resolves with the socket, or with the server's refusal. */
function connect(
  auth: Record<string, unknown>,
  url = server.url,
): Promise<{ socket: Socket; refused?: { code: string; message: string } }> {
  const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, auth });
  clients.push(socket);
  return new Promise((resolve) => {
    socket.once('connect', () => resolve({ socket }));
    socket.once('connect_error', (error: Error & { data?: { code: string; message: string } }) =>
      resolve({ socket, refused: error.data }),
    );
  });
}
const join = (s: Socket, room: string) => s.emitWithAck('join', { room, name: 'Ana' }) as Promise<Ack<JoinResult>>;

describe('invites (AUTH_SECRET set)', () => {
  it('/healthz tells the app whether rooms are open', async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toMatchObject({ ok: true, auth: 'invite' });
    expect(await (await fetch(`${open.url}/healthz`)).json()).toMatchObject({ ok: true, auth: 'open' });
  });

  it('a valid invite joins its room, and only its room', async () => {
    const { socket, refused } = await connect({ token: await createInvite(key, 'standup', 600) });
    expect(refused).toBeUndefined();
    expect(await join(socket, 'standup')).toMatchObject({ ok: true, value: { room: 'standup', peers: [] } });
    const wrong = await join(socket, 'payroll');
    expect(wrong).toMatchObject({
      ok: false,
      error: { code: 'auth-wrong-room', message: expect.stringContaining('different room') as string },
    });
  });

  it('no invite is refused at the handshake, saying an invite is needed', async () => {
    const { refused, socket } = await connect({});
    expect(refused).toEqual({
      code: 'auth-required',
      message: expect.stringContaining('only admits people with an invite') as string,
    });
    expect(socket.connected).toBe(false);
  });

  it('a forged invite (other secret) and a tampered one (room changed) are refused', async () => {
    const forged = await createInvite(await inviteKey('another-secret-0123456789abcdefghijkl'), 'standup', 600);
    expect((await connect({ token: forged })).refused).toMatchObject({ code: 'auth-invalid' });
    const [version, , signature] = (await createInvite(key, 'standup', 600)).split('.');
    const body = btoa(JSON.stringify({ room: 'payroll', exp: 4_102_444_800 }))
      .replace(/=+$/, '')
      .replace(/\+/g, '-')
      .replace(/\//g, '_');
    expect((await connect({ token: `${version}.${body}.${signature}` })).refused).toMatchObject({
      code: 'auth-invalid',
    });
    for (const junk of ['nonsense', 'tv1.a.b', 42, { token: 'x' }]) {
      expect((await connect({ token: junk })).refused).toMatchObject({
        code: expect.stringMatching(/^auth-(invalid|required)$/) as string,
      });
    }
  });

  it('an expired invite is refused with a reason to ask for a fresh one', async () => {
    const expired = await createInvite(key, 'standup', 60, Date.now() - 3_600_000);
    expect((await connect({ token: expired })).refused).toEqual({
      code: 'auth-expired',
      message: expect.stringContaining('expired') as string,
    });
  });

  it('GET /ice needs a valid bearer invite: 401 without, forged or expired; allowed with one', async () => {
    const ice = (authorization?: string) =>
      fetch(`${server.url}/ice`, { headers: authorization ? { authorization } : {} });
    const none = await ice();
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    expect(await none.json()).toMatchObject({ ok: false, error: { code: 'auth-required' } });
    const forged = await createInvite(await inviteKey('another-secret-0123456789abcdefghijkl'), 'standup', 600);
    expect((await ice(`Bearer ${forged}`)).status).toBe(401);
    expect((await ice(`Bearer ${await createInvite(key, 'standup', 60, Date.now() - 3_600_000)}`)).status).toBe(401);
    expect((await ice(`Basic ${await createInvite(key, 'standup', 600)}`)).status).toBe(401);
    expect((await ice(`Bearer ${await createInvite(key, 'standup', 600)}`)).status).not.toBe(401);
  });
});

describe('invite format', () => {
  it('reads the room from a bare token or a pasted link, and rejects what is not an invite', async () => {
    const token = await createInvite(key, 'standup', 600);
    expect(readInvite(token)).toMatchObject({ room: 'standup' });
    expect(extractInvite(`  ${token} `)).toBe(token);
    expect(extractInvite(`traverse:join?invite=${token}`)).toBe(token);
    expect(extractInvite(`https://example.org/call#invite=${token}&x=1`)).toBe(token);
    expect(extractInvite('https://example.org/call?invite=nope')).toBeNull();
    expect(readInvite('tv1.!!!.x')).toBeNull();
  });
});
