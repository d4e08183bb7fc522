/**
 * The renderer's Content-Security-Policy, working in real Chromium against the
 * web harness (which sends the same header the app:// protocol sends): an
 * injected inline script does not run, and a connection to a foreign origin
 * never leaves the page, even to a server that would answer it.
 */
import { expect, test, type Page } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

let foreign: Server;
let foreignOrigin = '';
let foreignHits = 0;

test.beforeAll(async () => {
  // A foreign origin on loopback that would gladly answer any page (CORS open), so only the CSP can stop the request.
  foreign = createServer((_req, res) => {
    foreignHits += 1;
    res.writeHead(200, { 'access-control-allow-origin': '*', 'content-type': 'text/plain' });
    res.end('pong');
  });
  foreign.on('upgrade', (_req, socket) => {
    foreignHits += 1;
    socket.destroy();
  });
  await new Promise<void>((done) => foreign.listen(0, '127.0.0.1', done));
  foreignOrigin = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise<void>((done) => foreign.close(() => done()));
});

async function openApp(page: Page): Promise<void> {
  const profile = `csp${Math.random().toString(36).slice(2, 8)}`;
  await page.goto(`/?token=${process.env.HARNESS_TOKEN ?? ''}&profile=${profile}`);
  // The app's own bundled script ran: scripts from 'self' are allowed.
  await expect(page.getByRole('button', { name: 'Join' })).toBeVisible();
}

/** Starts collecting CSP violation reports in the page. */
async function recordViolations(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (globalThis as { __violations?: string[] }).__violations = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push(event.effectiveDirective));
  });
}

const violations = (page: Page) => page.evaluate(() => (globalThis as { __violations?: string[] }).__violations ?? []);

test('the page is served with our strict policy', async ({ page }) => {
  const response = await page.goto(`/?token=${process.env.HARNESS_TOKEN ?? ''}&profile=cspheader`);
  const csp = response?.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("connect-src 'self'");
  expect(csp).not.toContain('unsafe-inline');
});

test('an injected inline script and an inline event handler do not run', async ({ page }) => {
  await openApp(page);
  await recordViolations(page);
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = '(globalThis).__inlineRan = true;';
    document.head.append(script);
    const holder = document.createElement('div');
    holder.innerHTML = '<img src="data:," onerror="(globalThis).__handlerRan = true">';
    document.body.append(holder);
  });
  await expect.poll(() => violations(page)).toEqual(expect.arrayContaining(['script-src-elem', 'script-src-attr']));
  const ran = await page.evaluate(() => {
    const g = globalThis as { __inlineRan?: boolean; __handlerRan?: boolean };
    return { inline: g.__inlineRan === true, handler: g.__handlerRan === true };
  });
  expect(ran).toEqual({ inline: false, handler: false });
});

test('fetch and WebSocket to a foreign origin are blocked before they leave the page', async ({ page, request }) => {
  // Control: the foreign server does answer, with CORS open, when the CSP is not in the way.
  const direct = await request.get(`${foreignOrigin}/ping`);
  expect(await direct.text()).toBe('pong');
  expect(direct.headers()['access-control-allow-origin']).toBe('*');
  const hitsBefore = foreignHits;

  await openApp(page);
  await recordViolations(page);
  const outcome = await page.evaluate(async (origin) => {
    const ownOrigin = await fetch('/healthz').then(
      (r) => r.ok,
      () => false,
    );
    const foreignFetch = await fetch(`${origin}/ping`).then(
      (r) => `loaded ${r.status}`,
      (error: unknown) => `blocked: ${String(error)}`,
    );
    let socket = 'opened';
    try {
      const ws = new WebSocket(origin.replace('http:', 'ws:'));
      socket = await new Promise<string>((done) => {
        ws.onopen = () => done('opened');
        ws.onerror = () => done('blocked');
      });
    } catch (error) {
      socket = `blocked: ${String(error)}`;
    }
    return { ownOrigin, foreignFetch, socket };
  }, foreignOrigin);

  // One assertion over everything, so a failure shows the whole picture.
  expect({ ...outcome, foreignRequests: foreignHits - hitsBefore }).toMatchObject({
    ownOrigin: true,
    foreignFetch: expect.stringMatching(/^blocked/),
    socket: expect.stringMatching(/^blocked/),
    foreignRequests: 0,
  });
  await expect.poll(() => violations(page)).toContain('connect-src');
});
