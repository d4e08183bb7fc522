/**
 * Invites for real: a server with AUTH_SECRET on port 0, socket.io-client, and
 * an HTTP route guarded by the bearer check.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_FAILURE_LIMIT, DEFAULT_BUDGET_LIMITS } from '../../server/budgets';
import { startSignalingServer, type RunningSignalingServer } from '../../server/signaling-server';
import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { createInvite, extractInvite, inviteKey, readInvite } from '../../shared/invite';
import type { Ack, JoinResult } from '../../shared/signaling';

const run = promisify(execFile);
const SECRET = 'test-auth-secret-0123456789abcdefghijklmnop';
let server: RunningSignalingServer;
let open: RunningSignalingServer;
let key: CryptoKey;
const clients: Socket[] = [];

beforeAll(async () => {
  key = await inviteKey(SECRET);
  // This file presents many bad invites from one address on purpose: room for all of them.
  const budgetLimits = { ...DEFAULT_BUDGET_LIMITS, authFailures: { points: 1_000, durationSeconds: 60 } };
  server = await startSignalingServer({ port: 0, authSecret: SECRET, budgetLimits });
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
    const [header, , signature] = (await createInvite(key, 'standup', 600)).split('.');
    const body = Buffer.from(JSON.stringify({ room: 'payroll', exp: 4_102_444_800, iat: 1, jti: 'x' })).toString(
      'base64url',
    );
    expect((await connect({ token: `${header}.${body}.${signature}` })).refused).toMatchObject({
      code: 'auth-invalid',
    });
    for (const junk of ['nonsense', 'a.b.c', 42, { token: 'x' }]) {
      expect((await connect({ token: junk })).refused).toMatchObject({
        code: expect.stringMatching(/^auth-(invalid|required)$/) as string,
      });
    }
  });

  it('finding 8: the same invite with the spare bits of its last character flipped is refused', async () => {
    const token = await createInvite(key, 'standup', 600);
    expect((await connect({ token })).refused).toBeUndefined();
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(token.at(-1)!);
    // A 32-byte signature is 43 characters: 258 bits, so the last character's two low bits carry nothing.
    const variants = [1, 2, 3].map((spare) => `${token.slice(0, -1)}${alphabet.charAt(last ^ spare)}`);
    for (const variant of variants) {
      expect(variant).not.toBe(token);
      expect((await connect({ token: variant })).refused).toMatchObject({ code: 'auth-invalid' });
    }
  });

  it('an invite in the old tv1 format is refused, saying to ask for a new invite link', async () => {
    const old =
      'tv1.eyJyb29tIjoic3RhbmR1cCIsImV4cCI6NDEwMjQ0NDgwMH0.c2lnbmF0dXJlLW9mLWFuLW9sZC1pbnZpdGUtMDEyMzQ1Njc4OQ';
    expect((await connect({ token: old })).refused).toEqual({
      code: 'auth-old-format',
      message: expect.stringContaining('ask for a new invite link') as string,
    });
    expect((await fetch(`${server.url}/ice`, { headers: { authorization: `Bearer ${old}` } })).status).toBe(401);
  });

  it('an invite minted by another JWT library (an operator backend) with the same secret is accepted', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ room: 'standup', iss: 'https://backend.example' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .setJti('backend-1')
      .sign(new TextEncoder().encode(SECRET));
    const { socket, refused } = await connect({ token });
    expect(refused).toBeUndefined();
    expect(await join(socket, 'standup')).toMatchObject({ ok: true });
    // Other algorithms are not accepted, even with the right secret: HS256 only.
    const hs512 = await new SignJWT({ room: 'standup' })
      .setProtectedHeader({ alg: 'HS512' })
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .setJti('backend-2')
      .sign(new TextEncoder().encode(SECRET));
    expect((await connect({ token: hs512 })).refused).toMatchObject({ code: 'auth-invalid' });
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

describe('failed invites at the handshake', () => {
  it('have their own budget per address: past it the handshake says to wait, and a valid invite still gets in', async () => {
    const strict = await startSignalingServer({ port: 0, authSecret: SECRET });
    try {
      const codes = [];
      for (let i = 0; i <= AUTH_FAILURE_LIMIT.points; i += 1)
        codes.push((await connect({ token: 'nonsense' }, strict.url)).refused?.code);
      expect(codes.slice(0, AUTH_FAILURE_LIMIT.points)).toEqual(Array(AUTH_FAILURE_LIMIT.points).fill('auth-invalid'));
      expect((await connect({ token: 'nonsense' }, strict.url)).refused).toEqual({
        code: 'rate-limited',
        message: expect.stringContaining('wait a minute') as string,
      });
      const { refused } = await connect({ token: await createInvite(key, 'standup', 600) }, strict.url);
      expect(refused).toBeUndefined();
    } finally {
      await strict.close();
    }
  });
});

describe('invite format', () => {
  it('is an HS256 JWT with room, exp, iat and jti', async () => {
    const token = await createInvite(key, 'standup', 600);
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const claims = decodeJwt(token);
    expect(claims).toEqual({
      room: 'standup',
      iat: expect.any(Number) as number,
      exp: (claims.iat ?? 0) + 600,
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/) as string,
    });
    // Each invite has its own id.
    expect(decodeJwt(await createInvite(key, 'standup', 600)).jti).not.toBe(claims.jti);
  });

  it('reads the room from a bare token or a pasted link, and rejects what is not an invite', async () => {
    const token = await createInvite(key, 'standup', 600);
    expect(readInvite(token)).toMatchObject({ room: 'standup' });
    expect(extractInvite(`  ${token} `)).toBe(token);
    expect(extractInvite(`traverse:join?invite=${token}`)).toBe(token);
    expect(extractInvite(`https://example.org/call#invite=${token}&x=1`)).toBe(token);
    expect(extractInvite('https://example.org/call?invite=nope')).toBeNull();
    expect(readInvite('tv1.!!!.x')).toBeNull();
  });

  it('npm run invite prints a JWT invite and a traverse:join link the server admits', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'scripts/invite.ts', 'standup', '--ttl', '600'],
      {
        env: { ...process.env, AUTH_SECRET: SECRET },
      },
    );
    const link = /traverse:join\?invite=(\S+)/.exec(stdout);
    expect(link).not.toBeNull();
    const token = link![1]!;
    expect(decodeJwt(token)).toMatchObject({ room: 'standup' });
    expect(stdout).not.toContain(SECRET);
    const { socket, refused } = await connect({ token });
    expect(refused).toBeUndefined();
    expect(await join(socket, 'standup')).toMatchObject({ ok: true });
  });

  it('npm run invite without AUTH_SECRET says what to set', async () => {
    const env = { ...process.env };
    delete env.AUTH_SECRET;
    await expect(
      run(process.execPath, ['--import', 'tsx', 'scripts/invite.ts', 'standup'], { env }),
    ).rejects.toMatchObject({ stderr: expect.stringContaining('AUTH_SECRET is not set') as string });
  });
});
