/**
 * The signaling server dies mid-call: media between the peers keeps flowing
 * (it never went through the server), the tiles stay up, the app says
 * signaling is reconnecting, and when the server is back both are in the room again.
 */
import { startSignalingServer, type RunningSignalingServer } from '../../server/signaling-server';
import { expect, expectRising, test, type Person } from './people';

/** The pages come from the web harness: its origin stands in for the app's. */
const HARNESS_ORIGIN = `http://127.0.0.1:${process.env.HARNESS_PORT ?? ''}`;

let server: RunningSignalingServer | null = null;

test.afterEach(async () => {
  await server?.close();
  server = null;
});

async function useServer(person: Person, url: string): Promise<void> {
  await person.page.evaluate(async (signalingUrl) => {
    await window.traverse!.setSettings({ signalingUrl });
  }, url);
  // The page's CSP follows the configured signaling server, as the app's does: load it again.
  await person.page.reload();
}

test('signaling server killed mid-call: media keeps flowing, then both are back in the room', async ({ people }) => {
  server = await startSignalingServer({ port: 0, allowedOrigins: [HARNESS_ORIGIN] });
  const { port, url } = server;
  const [ana, ben] = await people('Ana', 'Ben');
  for (const p of [ana, ben]) await useServer(p, url);
  await ana.join('outage');
  await ben.join('outage');
  const benOnAna = ana.tile('Ben');
  const anaOnBen = ben.tile('Ana');
  await expect(benOnAna).toHaveAttribute('data-state', 'Connected');
  await expect(anaOnBen).toHaveAttribute('data-state', 'Connected');

  await server.close();
  server = null;
  await expect(ana.page.getByText('Signaling connection lost')).toBeVisible();
  // The call does not depend on the server: frames keep arriving on both sides while it is gone.
  await expectRising(benOnAna, 'data-frames-decoded');
  await expectRising(anaOnBen, 'data-frames-decoded');
  await expect(benOnAna).toHaveAttribute('data-state', 'Connected');

  const restartedAt = Date.now();
  server = await startSignalingServer({ port, allowedOrigins: [HARNESS_ORIGIN] });
  await expect(ana.page.getByText('Signaling connection lost')).toHaveCount(0);
  await expect(benOnAna).toHaveAttribute('data-state', 'Connected');
  await expect(anaOnBen).toHaveAttribute('data-state', 'Connected');
  await expect(ana.page.locator('figure.tile')).toHaveCount(1);
  await expect(ben.page.locator('figure.tile')).toHaveCount(1);
  console.log(
    `signaling restart: both back in the room and connected ${Date.now() - restartedAt} ms after the server came back`,
  );
  await expectRising(benOnAna, 'data-frames-decoded');
});

test('signaling down and the peer gone too: the banner does not promise the call keeps going', async ({ people }) => {
  server = await startSignalingServer({ port: 0, allowedOrigins: [HARNESS_ORIGIN] });
  const [ana, ben] = await people('Ana', 'Ben');
  for (const p of [ana, ben]) await useServer(p, server.url);
  await ana.join('outage-and-loss');
  await ben.join('outage-and-loss');
  const benOnAna = ana.tile('Ben');
  await expect(benOnAna).toHaveAttribute('data-state', 'Connected');

  await server.close();
  server = null;
  const banner = ana.page.getByRole('status').filter({ hasText: 'Signaling connection lost' });
  await expect(banner).toContainText('keep going');
  // Ben's computer goes away while the server is down: nobody can tell Ana he left.
  await ben.page.context().close();
  await expect(benOnAna).not.toHaveAttribute('data-state', 'Connected', { timeout: 20_000 });
  await expect(banner).not.toContainText('keep going');
  await expect(banner).toContainText('Ben');
  await ana.page.screenshot({ path: 'screenshots/signaling-lost-and-peer-lost.png' });
});
