/**
 * The Origin check (issue 14, finding 1's server half): a web page on another
 * origin cannot open a socket to the signaling server or read /ice, whether it
 * is a real Chromium page or a client sending `Origin: https://evil.example`.
 * The app's own origin, the operator's ALLOWED_ORIGINS and programs (no Origin
 * header) are admitted.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from '@playwright/test';
import { io } from 'socket.io-client';
import NodeWebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readServerEnv } from '../../server/env';
import { APP_ORIGIN, startSignalingServer, type RunningSignalingServer } from '../../server/signaling-server';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium';

const EVIL = 'https://evil.example';
const OPERATOR = 'https://calls.example.org';
let server: RunningSignalingServer;

beforeAll(async () => {
  server = await startSignalingServer({ port: 0, allowedOrigins: [OPERATOR] });
});
afterAll(() => server.close());

/** Connects with socket.io-client (Node) sending `origin`; resolves 'connected' or the error. */
function socketFrom(origin: string | undefined): Promise<string> {
  const socket = io(server.url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    ...(origin ? { extraHeaders: { origin } } : {}),
  });
  return new Promise<string>((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', (error) => resolve(`refused: ${error.message}`));
  }).finally(() => socket.disconnect());
}

/** A raw engine.io WebSocket handshake with `origin`: 'open', or the HTTP status and body of the refusal. */
function rawFrom(origin: string): Promise<{ status: number; body: string } | 'open'> {
  const ws = new NodeWebSocket(`${server.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`, { origin });
  return new Promise((resolve) => {
    ws.once('open', () => {
      ws.terminate();
      resolve('open');
    });
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
  });
}

describe('Origin check on the socket.io handshake', () => {
  it('refuses a socket from https://evil.example, saying which origin and how an operator allows one', async () => {
    expect(await socketFrom(EVIL)).toMatch(/^refused/);
    const refused = await rawFrom(EVIL);
    expect(refused).not.toBe('open');
    if (refused === 'open') return;
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.body).toContain('https://evil.example');
    expect(refused.body).toContain('ALLOWED_ORIGINS');
    // Look-alikes of allowed origins are not allowed either.
    for (const lookalike of [`${OPERATOR}.evil.example`, 'app://traverse.evil', 'null', 'http://calls.example.org'])
      expect(await rawFrom(lookalike)).not.toBe('open');
  });

  it("admits the app's own origin, the operator's listed origins and programs that send no Origin", async () => {
    expect(await socketFrom(APP_ORIGIN)).toBe('connected');
    expect(await socketFrom(OPERATOR)).toBe('connected');
    expect(await socketFrom(undefined)).toBe('connected');
  });
});

describe('Origin check on GET /ice', () => {
  it('a foreign origin gets 403 with what, cause and fix; allowed origins and programs get credentials', async () => {
    const refused = await fetch(`${server.url}/ice`, { headers: { origin: EVIL } });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({
      ok: false,
      error: {
        what: expect.stringContaining('https://evil.example') as string,
        fix: expect.stringContaining('ALLOWED_ORIGINS') as string,
      },
    });
    expect((await fetch(`${server.url}/ice`, { headers: { origin: APP_ORIGIN } })).status).toBe(200);
    expect((await fetch(`${server.url}/ice`)).status).toBe(200);
  });
});

describe('a real browser page', () => {
  let browser: Browser;
  let site: Server;
  let siteOrigin: string;

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    // Another web site on this machine: a different port is a different origin.
    site = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<p>a web page</p>'));
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteOrigin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => site?.close(resolve));
  });

  /** What a page on `siteOrigin` gets when it opens the signaling server's WebSocket and reads /ice. */
  async function attempt(target: RunningSignalingServer): Promise<{ socket: string; ice: string }> {
    const page = await browser.newPage();
    try {
      await page.goto(siteOrigin);
      return await page.evaluate(async (url) => {
        const socket = await new Promise<string>((resolve) => {
          const ws = new WebSocket(`${url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
          ws.onmessage = (event) => {
            ws.close();
            resolve(String(event.data).startsWith('0{') ? 'open' : 'odd');
          };
          ws.onerror = () => resolve('refused');
        });
        const ice = await fetch(`${url}/ice`, { mode: 'cors' }).then(
          (res) => `HTTP ${res.status}`,
          () => 'unreadable',
        );
        return { socket, ice };
      }, target.url);
    } finally {
      await page.close();
    }
  }

  it('a page on a foreign origin can neither open a socket nor read /ice', async () => {
    expect(await attempt(server)).toEqual({ socket: 'refused', ice: 'unreadable' });
  });

  it('the same page is admitted once the operator lists its origin', async () => {
    const listed = await startSignalingServer({ port: 0, allowedOrigins: [siteOrigin] });
    try {
      expect((await attempt(listed)).socket).toBe('open');
    } finally {
      await listed.close();
    }
  });
});

describe('ALLOWED_ORIGINS', () => {
  it('takes a comma-separated list of origins and refuses paths, wildcards and non-URLs with the reason', () => {
    expect(readServerEnv({ ALLOWED_ORIGINS: ` ${OPERATOR}, http://127.0.0.1:8080 ` }).ALLOWED_ORIGINS).toEqual([
      OPERATOR,
      'http://127.0.0.1:8080',
    ]);
    expect(readServerEnv({}).ALLOWED_ORIGINS).toEqual([]);
    for (const bad of ['*', 'https://calls.example.org/app', 'calls.example.org', 'https://*.example.org'])
      expect(() => readServerEnv({ ALLOWED_ORIGINS: bad })).toThrow(/ALLOWED_ORIGINS/);
  });
});
