/**
 * A group call of five on Janus, end to end: real Chromium (one browser, five contexts), the web
 * harness with its signaling server on Debian's Janus (every room on the SFU: JANUS_MESH_MAX 0,
 * the mesh-to-SFU move is not built yet) and a real coturn. Video is a 160x120 file so five
 * people fit two cores. Every person's tiles of the four others decode; the two with Relay only
 * see in their panel that their upload to the SFU is relayed through that coturn, and still
 * see everyone.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium';
import { startHarness, type Harness } from '../harness/web-harness';
import { ownAddress } from '../support/browser-turn';
import { startCoturn, type Coturn } from '../support/coturn';
import { startJanus, type JanusServer } from '../support/janus';
import { freeTcpPort } from '../support/ports';
import { proxyUpgrades } from '../support/ws-proxy';
import { expect, expectRising, openPerson, test, type Person } from './people';
import { useSharedSecretTurn } from './turn-settings';

/** A small moving picture for the fake camera (Y4M, 160x120, 15 fps, a grey that brightens). */
function smallVideo(): string {
  const [w, h, frames] = [160, 120, 30];
  const parts: Buffer[] = [Buffer.from(`YUV4MPEG2 W${w} H${h} F15:1 Ip A1:1 C420jpeg\n`)];
  for (let i = 0; i < frames; i += 1) {
    parts.push(Buffer.from('FRAME\n'), Buffer.alloc(w * h, 60 + i * 5), Buffer.alloc((w * h) / 2, 128));
  }
  const file = join(mkdtempSync(join(tmpdir(), 'traverse-y4m-')), 'small.y4m');
  writeFileSync(file, Buffer.concat(parts));
  return file;
}

test.use({
  launchOptions: {
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, `--use-file-for-fake-video-capture=${smallVideo()}`],
  },
});

let janus: JanusServer;
let coturn: Coturn;
let harness: Harness;
let closeProxy: (() => void) | undefined;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  janus = await startJanus();
  // Janus answers no relay from 127.0.0.1 (README, Janus): coturn relays from this machine's own address.
  coturn = await startCoturn({ relayIp: ownAddress() });
  const { url, tokenSecret, adminKey } = janus;
  // Browsers reach Janus on the signaling server's origin (the app's CSP allows only that), as through nginx.
  const port = await freeTcpPort();
  const publicUrl = `ws://127.0.0.1:${port}/janus`;
  harness = await startHarness({ port, janus: { url, publicUrl, tokenSecret, adminKey, meshMax: 0 } });
  closeProxy = proxyUpgrades(harness.signaling.http, '/janus', janus.port);
});
test.afterAll(async () => {
  test.setTimeout(120_000);
  closeProxy?.();
  await harness?.close();
  await coturn?.stop();
  await janus?.stop();
});

/** Opens someone with the lab's coturn as their TURN server (shared secret), Relay only as given. */
async function person(browser: Parameters<typeof openPerson>[0], name: string, relayOnly: boolean): Promise<Person> {
  const p = await openPerson(browser, name, (profile) => harness.pageUrl(profile));
  await useSharedSecretTurn(p.page, coturn, relayOnly);
  await p.page.reload();
  await expect(p.page.getByRole('button', { name: 'Join' })).toBeEnabled();
  return p;
}

test('five people on Janus each decode the four others; two with Relay only upload through coturn', async ({
  browser,
}) => {
  test.setTimeout(480_000);
  const names = ['Ana', 'Ben', 'Cy', 'Dee', 'Eli'];
  const relayed = new Set(['Dee', 'Eli']);
  const people: Person[] = [];
  for (const name of names) people.push(await person(browser, name, relayed.has(name)));
  for (const p of people) await p.join('group-of-five');

  for (const p of people)
    for (const other of people.filter((o) => o !== p)) {
      const tile = p.tile(other.name);
      await expect(tile, `${p.name} sees ${other.name}`).toHaveAttribute('data-state', /Connected|Relayed/, {
        timeout: 60_000,
      });
      await expectRising(tile, 'data-frames-decoded');
    }

  for (const p of people.filter((q) => relayed.has(q.name))) {
    await p.page.getByRole('button', { name: 'Diagnostics' }).click();
    await p.page.getByRole('tab', { name: 'Your upload to the SFU' }).click();
    const panel = p.page.getByRole('tabpanel', { name: 'Diagnostics for Your upload to the SFU' });
    await expect(panel.getByTestId('selected-local-type')).toHaveAttribute('data-type', 'relay');
    await expect(panel.getByTestId('selected-turn-url')).toContainText(`127.0.0.1:${coturn.port}`);
    for (const other of people.filter((o) => o !== p)) await expectRising(p.tile(other.name), 'data-frames-decoded');
    await p.page.screenshot({ path: `screenshots/group-call-${p.name}-diagnostics.png` });
  }
  // Mute and camera off reach everyone on Janus as in a mesh (over the signaling server).
  const [ana, ...rest] = people as [Person, ...Person[]];
  await ana.page.getByRole('button', { name: 'Mute' }).click();
  await ana.page.getByRole('button', { name: 'Camera off' }).click();
  for (const p of rest) {
    await expect(p.tile('Ana').getByText('Muted', { exact: true })).toBeVisible();
    await expect(p.tile('Ana').locator('.tile-initials')).toHaveText('A');
  }
  await rest[0]!.page.screenshot({ path: 'screenshots/group-call-ana-muted.png' });
  // A share would reach nobody on Janus yet: the button says so instead of offering it.
  const share = people[0]!.page.getByRole('button', { name: 'Share screen' });
  await expect(share).toBeDisabled();
  await expect(share).toHaveAttribute(
    'title',
    /^Screen sharing is not available in group calls on the SFU \(Janus\) yet/,
  );
  await people[0]!.page.screenshot({ path: 'screenshots/group-call-five.png' });
});
