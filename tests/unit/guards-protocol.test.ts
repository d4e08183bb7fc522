/**
 * The app:// handler the app registers, run in Node over a real renderer
 * folder with a secret file next to it: our files come back with the CSP,
 * traversal to the secret does not, whatever the encoding.
 */
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler } from '../../electron/core/app-protocol';
import { APP_ORIGIN, contentSecurityPolicy } from '../../electron/core/guards';

const CSP = contentSecurityPolicy('https://signal.example.org');
const SECRET = 'vault key: do not serve';
let handle: (request: Request) => Promise<Response>;
const read: string[] = [];

beforeAll(async () => {
  const base = await mkdtemp(join(tmpdir(), 'traverse-protocol-'));
  const root = join(base, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>Traverse</title>');
  await writeFile(join(root, 'assets', 'app.js'), 'console.log("hi")');
  await writeFile(join(base, 'secret.txt'), SECRET);
  handle = createAppProtocolHandler(root, {
    fetchFile: async (file) => {
      read.push(file);
      return new Response(await readFile(file), { headers: { 'content-type': 'application/octet-stream' } });
    },
    csp: () => Promise.resolve(CSP),
  });
});

const get = (path: string, method = 'GET') => handle(new Request(`${APP_ORIGIN}${path}`, { method }));

describe('app:// protocol handler', () => {
  it('serves the renderer with our CSP and nosniff on every response', async () => {
    for (const path of ['/', '/index.html', '/assets/app.js']) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-security-policy')).toBe(CSP);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
    expect(await (await get('/assets/app.js')).text()).toBe('console.log("hi")');
  });

  it.each(['/..%2fsecret.txt', '/%2e%2e%2fsecret.txt', '/..%5csecret.txt', '/assets/..%2f..%2fsecret.txt'])(
    'answers 404 for %s without reading anything outside the renderer',
    async (path) => {
      const before = read.length;
      const response = await get(path);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain(SECRET);
      expect(read.length).toBe(before);
    },
  );

  it('answers 404 for a missing file and 405 for anything but GET or HEAD', async () => {
    expect((await get('/nope.js')).status).toBe(404);
    expect((await get('/index.html', 'POST')).status).toBe(405);
    expect((await get('/index.html', 'HEAD')).status).toBe(200);
  });

  it('refuses another host on our scheme', async () => {
    expect((await handle(new Request('app://evil/index.html'))).status).toBe(404);
  });
});
