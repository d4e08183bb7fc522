/**
 * Scale-out with real browsers, deployed as the README says: a redis-server and
 * two signaling server processes started here, behind Debian's nginx serving
 * deploy/nginx/traverse.conf (TLS, WebSocket upgrade, least_conn, failover; only
 * ports and certificate substituted). Two people reach the same https:// URL,
 * land on different processes and call each other; then one process is killed
 * and its person comes back through nginx on the survivor, in the same room,
 * with video flowing again.
 */
import type { Browser, Page } from '@playwright/test';
import { createInvite, inviteKey } from '../../shared/invite';
import { startDeploySite, type Nginx } from '../support/nginx';
import { startRedis, type RedisServer } from '../support/redis';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { makeSelfSignedCert, type TlsCert } from '../support/tls-cert';
import { postToHarness } from '../harness/harness-request';
import { expect, expectRising, test } from './people';

/** The pages come from the web harness: its origin stands in for the app's. */
const HARNESS_ORIGIN = `http://127.0.0.1:${process.env.HARNESS_PORT ?? ''}`;

let redis: RedisServer;
let cert: TlsCert;
let servers: ServerProcess[] = [];
let proxies: Nginx[] = [];
const SECRET = 'e2e-auth-secret-0123456789abcdefghijklmnopq';

test.beforeAll(async () => {
  test.setTimeout(90_000);
  [redis, cert] = await Promise.all([startRedis(), makeSelfSignedCert()]);
  servers = await Promise.all([
    startServerProcess({ REDIS_URL: redis.url, ALLOWED_ORIGINS: HARNESS_ORIGIN }),
    startServerProcess({ REDIS_URL: redis.url, ALLOWED_ORIGINS: HARNESS_ORIGIN }),
  ]);
  const [a, b] = servers as [ServerProcess, ServerProcess];
  proxies = [await startDeploySite({ backends: [a.port, b.port], cert })];
});
test.afterAll(async () => {
  await Promise.all(proxies.map((p) => p.stop()));
  await Promise.all(servers.map((s) => s.kill()));
  await redis?.stop();
  await cert?.remove();
});

/** A person whose app is set to signal through `signalingUrl` (the harness's settings API), in the lobby. */
async function personOn(
  browser: Browser,
  baseURL: string,
  name: string,
  signalingUrl: string,
  rooms: RegExp = /Rooms are open/,
) {
  const token = process.env.HARNESS_TOKEN ?? '';
  const profile = `${name}${Math.random().toString(36).slice(2, 8)}`;
  expect(await postToHarness(baseURL, token, profile, '/__harness/ipc/settings:set', { signalingUrl })).toMatchObject({
    ok: true,
  });
  // nginx's certificate is the test's own, self-signed: the browser is told to accept it.
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  await page.goto(`/?token=${token}&profile=${profile}`);
  await expect(page.getByRole('button', { name: 'Join' })).toBeEnabled();
  await expect(page.getByLabel('Signaling server')).toContainText(rooms);
  return {
    page,
    async join(room: string) {
      await page.getByLabel('Display name').fill(name);
      await page.getByLabel('Room').fill(room);
      await page.getByRole('button', { name: 'Join' }).click();
    },
    tile: (remote: string) =>
      page.locator('figure.tile', { has: page.locator('.tile-name', { hasText: new RegExp(`^${remote}$`) }) }),
    close: () => context.close(),
  };
}

const clientsOf = async (s: ServerProcess) =>
  ((await (await fetch(`${s.url}/healthz`)).json()) as { clients: number }).clients;
const peerId = (page: Page, tile: ReturnType<Page['locator']>) =>
  tile.getAttribute('data-peer-id').then((id) => id ?? page.url());

test('two people on different server processes call each other; a killed process hands its person to the other', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(150_000);
  const ana = await personOn(browser, baseURL!, 'Ana', proxies[0]!.url);
  // Ana's lobby connects at once; nginx chose her process (least_conn, a tie): the one to kill later.
  const connected = () => Promise.all(servers.slice(0, 2).map(clientsOf));
  await expect.poll(async () => (await connected()).toSorted()).toEqual([0, 1]);
  const [anas, other] = ((await connected())[0] === 1 ? servers : [servers[1], servers[0]]) as [
    ServerProcess,
    ServerProcess,
  ];
  const ben = await personOn(browser, baseURL!, 'Ben', proxies[0]!.url);
  try {
    await ana.join('scale');
    await ben.join('scale');
    const benOnAna = ana.tile('Ben');
    const anaOnBen = ben.tile('Ana');
    await expect(benOnAna).toHaveAttribute('data-state', 'Connected');
    await expect(anaOnBen).toHaveAttribute('data-state', 'Connected');
    await expectRising(benOnAna, 'data-frames-decoded');
    await expectRising(anaOnBen, 'data-frames-decoded');
    // Ben went to the process with fewer connections: the call crossed processes through Redis.
    expect([await clientsOf(anas), await clientsOf(other)]).toEqual([1, 1]);
    const anaBefore = await peerId(ben.page, anaOnBen);

    await anas.kill();

    // Ana's app reconnects through nginx, which skips the dead process, and rejoins on the survivor.
    await expect.poll(() => clientsOf(other), { timeout: 30_000 }).toBe(2);
    await expect.poll(() => peerId(ben.page, anaOnBen), { timeout: 30_000 }).not.toBe(anaBefore);
    await expect(ben.page.locator('figure.tile')).toHaveCount(1);
    await expect(anaOnBen).toHaveAttribute('data-state', 'Connected', { timeout: 30_000 });
    await expect(benOnAna).toHaveAttribute('data-state', 'Connected', { timeout: 30_000 });
    await expectRising(anaOnBen, 'data-frames-decoded');
    await expectRising(benOnAna, 'data-frames-decoded');
    await ben.page.screenshot({ path: 'test-results/screenshots/scale-out-after-failover.png' });
  } finally {
    await ana.close();
    await ben.close();
  }
});

test('with AUTH_SECRET on both processes: no invite is refused with the reason; a pasted invite link gets two people on different processes into a call', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(150_000);
  const env = { REDIS_URL: redis.url, AUTH_SECRET: SECRET, ALLOWED_ORIGINS: HARNESS_ORIGIN };
  const secured = await Promise.all([startServerProcess(env), startServerProcess(env)]);
  servers.push(...secured);
  const [c, d] = secured;
  const proxy = await startDeploySite({ backends: [c.port, d.port], cert });
  proxies.push(proxy);
  const token = await createInvite(await inviteKey(SECRET), 'secure', 600);
  const ana = await personOn(browser, baseURL!, 'Ana', proxy.url, /Invites required/);
  const ben = await personOn(browser, baseURL!, 'Ben', proxy.url, /Invites required/);
  try {
    await ana.join('secure');
    await expect(ana.page.getByRole('alert')).toContainText('only admits people with an invite');

    // The pasted link fills in the invite's room by itself.
    await ana.page.getByLabel('Room').fill('');
    await ana.page.getByLabel('Invite').fill(`traverse:join?invite=${token}`);
    await expect(ana.page.getByLabel('Room')).toHaveValue('secure');
    await expect(ana.page.getByText('Invite to “secure”')).toBeVisible();
    await ana.page.getByRole('button', { name: 'Join' }).click();
    await expect(ana.page.getByText('Waiting for others to join…')).toBeVisible();

    await ben.page.getByLabel('Display name').fill('Ben');
    await ben.page.getByLabel('Invite').fill(token);
    await ben.page.getByRole('button', { name: 'Join' }).click();
    await expect(ana.tile('Ben')).toHaveAttribute('data-state', 'Connected');
    await expect(ben.tile('Ana')).toHaveAttribute('data-state', 'Connected');
    await expectRising(ben.tile('Ana'), 'data-frames-decoded');
    expect([await clientsOf(c), await clientsOf(d)]).toEqual([1, 1]);
  } finally {
    await ana.close();
    await ben.close();
  }
});
