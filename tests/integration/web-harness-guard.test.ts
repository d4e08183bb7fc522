/**
 * Finding 11 (issue 14): the web harness's own routes. Every route, GET /ice
 * included, needs the harness token; a request whose Host is not this loopback
 * host:port (DNS rebinding) is refused; a malformed escape is a 400 with a
 * message, never a 500. Raw HTTP requests, so the Host header is ours to set.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readIceEnv } from '../../server/ice-env';
import { startHarness, type Harness } from '../harness/web-harness';

let harness: Harness;
let port: number;

beforeAll(async () => {
  const rendererDir = await mkdtemp(join(tmpdir(), 'traverse-renderer-'));
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><script type="module" src="/app.js"></script>');
  await writeFile(join(rendererDir, 'app.js'), 'console.log(1)');
  harness = await startHarness({
    rendererDir,
    // The hosted signaling server mints TURN credentials, as `npm run web` may.
    serverIce: readIceEnv({
      ICE_MODE: 'shared-secret',
      TURN_URLS: 'turn:127.0.0.1:3478',
      TURN_SECRET: 'harness-test-secret-0123456789abcdef',
    }),
  });
  port = Number(new URL(harness.origin).port);
});
afterAll(() => harness.close());

function get(
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method, headers: { host: `127.0.0.1:${port}`, ...headers } },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('web harness guard (finding 11)', () => {
  it('GET /ice without the token is refused and carries no credential', async () => {
    const res = await get('/ice');
    expect(res.status).toBe(403);
    expect(res.body).not.toMatch(/credential/);
    expect(res.body).toMatch(/token/);
  });

  it('GET /ice with the token answers', async () => {
    const res = await get('/ice', { 'x-traverse-token': harness.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/credential/);
  });

  it('every other route needs the token too: page, files, /healthz', async () => {
    for (const path of ['/', '/app.js', '/healthz', '/__harness/bridge.js', '/__harness/desktop?profile=ana']) {
      expect((await get(path)).status, path).toBe(403);
    }
    expect((await get(`/?token=${harness.token}`)).status).toBe(200);
  });

  it('the page sets a cookie that carries the token for its own later requests', async () => {
    const page = await get(`/?token=${harness.token}&profile=ana`);
    const cookie = (page.headers['set-cookie'] as string[] | undefined)?.[0] ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const pair = cookie.split(';')[0]!;
    expect((await get('/app.js', { cookie: pair })).status).toBe(200);
  });

  it('a request for another Host (DNS rebinding) is refused even with the token', async () => {
    const res = await get(`/?token=${harness.token}`, { host: `evil.example:${port}` });
    expect(res.status).toBe(403);
    expect(res.body).toMatch(/Host/);
    expect((await get('/ice', { host: 'evil.example', 'x-traverse-token': harness.token })).status).toBe(403);
    expect((await get(`/?token=${harness.token}`, { host: `localhost:${port}` })).status).toBe(200);
  });

  it('a malformed ?profile= escape is a 400 with a message, not a 500', async () => {
    const res = await get(`/?token=${harness.token}&profile=%E0%A4%A`);
    expect(res.status).toBe(400);
    expect(res.body).toMatch(/profile/);
    const path = await get(`/%E0%A4%A?token=${harness.token}`);
    expect(path.status).toBe(400);
  });
});
