/**
 * Calling essentials in real Chromium through the web harness: the lobby's switches (Mute,
 * Camera off, Relay only) decide how the call starts and both screens say so; the microphone
 * meter; "Ben joined" / "Ben left" in the call's live region; the call timer; pin and full
 * screen; keyboard shortcuts. Relay only runs against a real coturn (turn-lab.ts).
 */
import type { Page } from '@playwright/test';
import { watchMedia, type Watched } from './media-watch';
import { expect, expectRising, test, type Person } from './people';
import { labTest, startTurnLab, stopTurnLab, type TurnLab } from './turn-lab';

/** Whether each audio track this page sends is enabled (one entry per sender with a track). */
function sentAudioEnabled(page: Page): Promise<boolean[]> {
  return page.evaluate(() =>
    ((window as Watched).__trackedPeerConnections ?? [])
      .filter((pc) => pc.connectionState !== 'closed')
      .flatMap((pc) => pc.getSenders())
      .flatMap((s) => (s.track?.kind === 'audio' ? [s.track.enabled] : [])),
  );
}

/** The audio this page has received so far: packets and energy (what a listener hears, summed). */
function receivedAudio(page: Page): Promise<{ packets: number; energy: number }> {
  return page.evaluate(async () => {
    let packets = 0;
    let energy = 0;
    for (const pc of (window as Watched).__trackedPeerConnections ?? []) {
      for (const r of (await pc.getStats()).values() as IterableIterator<Record<string, unknown>>) {
        if (r.type !== 'inbound-rtp' || r.kind !== 'audio') continue;
        packets += Number(r.packetsReceived ?? 0);
        energy += Number(r.totalAudioEnergy ?? 0);
      }
    }
    return { packets, energy };
  });
}

/** The received audio energy over the next `packets` audio packets (about 20 ms each), waited for. */
async function energyOver(page: Page, packets: number): Promise<number> {
  const start = await receivedAudio(page);
  await expect
    .poll(async () => (await receivedAudio(page)).packets, { message: 'audio packets keep arriving' })
    .toBeGreaterThan(start.packets + packets);
  const energy = (await receivedAudio(page)).energy - start.energy;
  return energy;
}

/**
 * Records every line added to a person's "Who joined or left" live region from now on (what a
 * screen reader announces). Each line stays on screen 10 s, less than this loaded machine may
 * take between two looks, so the test reads the record rather than the screen.
 */
async function recordNotices(person: Person): Promise<void> {
  await person.page.getByRole('log', { name: 'Who joined or left' }).evaluate((log) => {
    const seen: string[] = [];
    (window as Watched).__notices = seen;
    new MutationObserver((records) => {
      for (const r of records) for (const node of r.addedNodes) seen.push(node.textContent ?? '');
    }).observe(log, { childList: true });
  });
}

const notices = (person: Person) => person.page.evaluate(() => (window as Watched).__notices ?? []);

const seconds = (text: string) => text.split(':').reduce((total, part) => total * 60 + Number(part), 0);

test('joined with Mute on, the call starts muted and both screens say so; the shortcuts unmute, switch the camera and hang up', async ({
  people,
}) => {
  const [ana, ben] = await people('Ana', 'Ben');
  await Promise.all([watchMedia(ana), watchMedia(ben)]);
  const lobby = ana.page;
  const meter = lobby.getByRole('meter', { name: 'Input level' });
  // The fake microphone beeps: the meter moves.
  await expect.poll(async () => Number(await meter.getAttribute('aria-valuenow'))).toBeGreaterThan(0);
  await expect(lobby.getByRole('status').filter({ hasText: 'You will join' })).toHaveText(
    'You will join with your microphone and camera on.',
  );
  const mute = lobby.getByRole('switch', { name: 'Mute' });
  await expect(mute).toHaveAttribute('aria-checked', 'false');
  await mute.click();
  await expect(mute).toHaveAttribute('aria-checked', 'true');
  await expect(lobby.getByText('You will join muted, with your camera on.')).toBeVisible();
  await expect(meter).toHaveAttribute('aria-valuetext', 'Muted: nothing is sent');
  await expect.poll(async () => Number(await meter.getAttribute('aria-valuenow'))).toBe(0);
  await lobby.screenshot({ path: 'screenshots/lobby-switches-muted.png' });

  await ana.join('muted-start');
  await ben.join('muted-start');
  await expect(ben.tile('Ana')).toHaveAttribute('data-state', 'Connected');
  // The lobby's meter (the first AudioContext made) let go of it when the lobby closed; the call's
  // speaking indicator makes its own.
  await expect.poll(() => lobby.evaluate(() => ((window as Watched).__audioContexts ?? [])[0]?.state)).toBe('closed');

  // The call says so: Mute pressed, and in words under the self-view.
  const controls = ana.page.getByRole('navigation', { name: 'Call controls' });
  const muteButton = controls.getByRole('button', { name: 'Mute' });
  await expect(muteButton).toHaveAttribute('aria-pressed', 'true');
  await expect(ana.page.getByRole('complementary', { name: 'You' })).toContainText('You are muted');
  // What goes out: the audio track sent is disabled, and Ben hears silence while packets arrive.
  expect(await sentAudioEnabled(ana.page)).toEqual([false]);
  // (Opus decoding silence leaves ~1e-9 of energy; the fake microphone's beeps give ~0.8 over 60 packets.)
  const silent = await energyOver(ben.page, 100);
  expect(silent, 'Ben hears nothing from a muted Ana').toBeLessThan(1e-6);

  // Shortcuts, shown in each button's tooltip.
  await expect(muteButton).toHaveAttribute('aria-keyshortcuts', 'Control+D');
  await expect(muteButton).toHaveAttribute('title', 'Mute or unmute (Ctrl+D)');
  const cameraButton = controls.getByRole('button', { name: 'Camera off' });
  await expect(cameraButton).toHaveAttribute('aria-keyshortcuts', 'Control+E');
  const hangUpButton = controls.getByRole('button', { name: 'Hang up' });
  await expect(hangUpButton).toHaveAttribute('aria-keyshortcuts', 'Control+Shift+H');

  await ana.page.keyboard.press('Control+d');
  await expect(muteButton).toHaveAttribute('aria-pressed', 'false');
  expect(await sentAudioEnabled(ana.page)).toEqual([true]);
  await expect
    .poll(() => energyOver(ben.page, 60), { message: 'Ben hears Ana once she unmutes' })
    .toBeGreaterThan(1e-3);

  await ana.page.keyboard.press('Control+e');
  await expect(cameraButton).toHaveAttribute('aria-pressed', 'true');
  await expect(ana.page.getByRole('complementary', { name: 'You' })).toContainText('Your camera is off');
  await ana.page.keyboard.press('Control+e');
  await expect(cameraButton).toHaveAttribute('aria-pressed', 'false');

  await ana.page.keyboard.press('Control+Shift+H');
  await expect(ana.page.getByRole('button', { name: 'Join' })).toBeVisible();
  await expect(ben.tile('Ana')).toHaveCount(0);
  // Back in the lobby, the switches still show how the next call starts.
  await expect(lobby.getByRole('switch', { name: 'Mute' })).toHaveAttribute('aria-checked', 'false');
});

test('join and leave notices name the people, and the timer counts', async ({ people }) => {
  test.setTimeout(240_000);
  const [ana, ben, cy] = await people('Ana', 'Ben', 'Cy');
  await ana.join('notices');
  await expect(ana.page.getByText('Waiting for others to join…')).toBeVisible();
  await expect(ana.page.getByRole('timer', { name: 'Call time' }), 'no call time while alone').toHaveCount(0);
  await recordNotices(ana);
  await ben.join('notices');
  await expect(ben.tile('Ana')).toHaveAttribute('data-state', 'Connected');
  await recordNotices(ben);
  await expect.poll(() => notices(ana)).toEqual(['Ben joined']);

  // The timer starts once someone is connected, and counts.
  const timer = ana.page.getByRole('timer', { name: 'Call time' });
  await expect(timer).toHaveText(/^\d\d:\d\d$/);
  await expect.poll(async () => seconds((await timer.textContent()) ?? ''), { timeout: 30_000 }).toBeGreaterThan(2);

  await cy.join('notices');
  await expect(cy.tile('Ana')).toBeVisible();
  await recordNotices(cy);
  await expect.poll(() => notices(ana)).toEqual(['Ben joined', 'Cy joined']);
  // Ana was there when Ben joined, and Ana and Ben when Cy did: not news for them.
  await expect.poll(() => notices(ben)).toEqual(['Cy joined']);
  await ana.page.screenshot({ path: 'screenshots/call-notice-joined.png' });

  await cy.page.getByRole('button', { name: 'Hang up' }).click();
  await expect.poll(() => notices(ana)).toEqual(['Ben joined', 'Cy joined', 'Cy left']);
  await expect.poll(() => notices(ben)).toEqual(['Cy joined', 'Cy left']);
  expect(await notices(cy)).toEqual([]);
});

test('a pinned tile is the large one, a tile goes full screen and Escape leaves it; a pin goes with its person', async ({
  people,
}) => {
  test.setTimeout(240_000);
  const [ana, ben, cy] = await people('Ana', 'Ben', 'Cy');
  for (const person of [ana, ben, cy]) await person.join('pinned');
  // Pin Cy on Ana's screen: Cy's tile becomes the large one.
  for (const name of ['Ben', 'Cy']) await expect(ana.tile(name)).toBeVisible();
  const width = async (name: string) => (await ana.tile(name).boundingBox())?.width ?? 0;
  expect(Math.abs((await width('Ben')) - (await width('Cy')))).toBeLessThan(2);
  const pin = ana.page.getByRole('button', { name: 'Pin Cy' });
  await pin.click();
  await expect(pin).toHaveAttribute('aria-pressed', 'true');
  await expect
    .poll(async () => (await width('Cy')) / (await width('Ben')), { message: 'the pinned tile is the wide one' })
    .toBeGreaterThan(2);
  const [cyBox, benBox] = [await ana.tile('Cy').boundingBox(), await ana.tile('Ben').boundingBox()];
  expect(cyBox!.y, 'the pinned tile comes first').toBeLessThan(benBox!.y);
  await ana.page.screenshot({ path: 'screenshots/call-pinned.png' });

  // Full screen on a tile, and Escape leaves it.
  await ana.page.getByRole('button', { name: 'Full screen Cy' }).click();
  await expect
    .poll(() => ana.page.evaluate(() => document.fullscreenElement?.querySelector('.tile-name')?.textContent ?? null))
    .toBe('Cy');
  // Headless Chromium sometimes misses the first Escape while it is still entering full screen: press until it leaves.
  await expect
    .poll(async () => {
      await ana.page.keyboard.press('Escape');
      return ana.page.evaluate(() => document.fullscreenElement === null);
    })
    .toBe(true);

  await cy.page.getByRole('button', { name: 'Hang up' }).click();
  await expect(ana.tile('Cy')).toHaveCount(0);
  // Cy's pin went with Cy: the remaining tile is an ordinary one.
  await expect(ana.page.locator('.tile-frame[data-pinned="true"]')).toHaveCount(0);
});

let lab: TurnLab;
const relayTest = labTest(() => lab);
relayTest.describe('Relay only in the lobby', () => {
  relayTest.beforeAll(async () => {
    lab = await startTurnLab();
  });
  relayTest.afterAll(() => stopTurnLab(lab));

  relayTest('switched on before Join, the first connection is relayed', async ({ person }) => {
    const ana = await person('Ana', false);
    await watchMedia(ana);
    const ben = await person('Ben', false);
    const relay = ana.page.getByRole('switch', { name: 'Relay only' });
    await expect(relay).toHaveAttribute('aria-checked', 'false');
    await relay.click();
    await expect(relay).toHaveAttribute('aria-checked', 'true');
    await expect(ana.page.getByText('Every connection will go through a TURN relay (Relay only).')).toBeVisible();
    // Saved as the setting, not only shown.
    expect(await ana.page.evaluate(async () => (await window.traverse!.getSettings()).relayOnly)).toBe(true);
    await ana.page.screenshot({ path: 'screenshots/lobby-relay-only.png' });

    await ana.join('relay-first');
    await ben.join('relay-first');
    await expect(ana.tile('Ben')).toHaveAttribute('data-state', 'Relayed');
    await expectRising(ana.tile('Ben'), 'data-frames-decoded');
    await expect(
      ana.page.getByRole('navigation', { name: 'Call controls' }).getByRole('switch', { name: 'Relay only' }),
    ).toHaveAttribute('aria-checked', 'true');
    // Every connection made with the relay policy from the start (none replaced by a relayed one later). Ana
    // joined an empty room, so the offer she made to go with her join was closed unused; Ben's call is the other.
    expect(
      await ana.page.evaluate(() =>
        ((window as Watched).__trackedPeerConnections ?? []).map((pc) => ({
          policy: pc.getConfiguration().iceTransportPolicy,
          state: pc.connectionState,
        })),
      ),
    ).toEqual([
      { policy: 'relay', state: 'closed' },
      { policy: 'relay', state: 'connected' },
    ]);
    await ana.page.getByRole('button', { name: 'Diagnostics' }).click();
    const panel = ana.page.getByRole('complementary', { name: 'Diagnostics panel' });
    await expect(panel.getByTestId('selected-local-type')).toHaveAttribute('data-type', 'relay');
    // Every candidate Ana sent was a relay one: her addresses never crossed signaling.
    const anaId = (await ben.tile('Ana').getAttribute('data-peer-id')) ?? '';
    const fromAna = lab.crossed.filter((c) => c.from === anaId);
    expect(fromAna.length).toBeGreaterThan(0);
    expect(fromAna.filter((c) => c.type !== 'relay')).toEqual([]);
  });
});
