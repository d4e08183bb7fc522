/**
 * Screen sharing in a call on Janus (real Janus, our signaling server, real Chromium, a real
 * coturn): a share is a feed of its own (`<id>~screen`), the others get it on their share tiles and
 * decode it, the one sharing never receives their own, Relay only switched on mid-share publishes
 * it again through coturn, and Stop sharing takes the feed out of the room.
 */
import { commands } from 'vitest/browser';
import { describe, expect, it } from 'vitest';
import { watchFrameGaps } from './frame-gaps';
import { made } from './leak-watch';
import { sfuCallsForFile, uplinkType, type SfuPerson } from './sfu-people';

const calls = sfuCallsForFile(0);

const join = (room: string, name: string) => calls.join(room, name);
const open = () => made.filter((pc) => pc.connectionState !== 'closed').length;

/** Resolves once `p` shows a frame of `id`'s share (a fresh frame after this call). */
async function decodesShare(p: SfuPerson, id: string): Promise<void> {
  await expect.poll(() => p.screens.get(id) ?? null, { timeout: 20_000 }).not.toBeNull();
  const gaps = watchFrameGaps(p.screens.get(id)!, 'share');
  try {
    await gaps.next(15_000);
    await gaps.next(15_000);
  } finally {
    gaps.stop();
  }
}

describe('screen sharing on Janus', () => {
  it('reaches everyone as its own feed, survives a Relay only republish, and leaves the room on stop', async () => {
    const room = `sfu-share-${Math.random().toString(36).slice(2, 8)}`;
    const ana = await join(room, 'Ana');
    const ben = await join(room, 'Ben');
    const cy = await join(room, 'Cy');
    await expect.poll(async () => (await commands.janusParticipants(room)).length, { timeout: 20_000 }).toBe(3);
    await expect.poll(open, { timeout: 20_000 }).toBe(9); // each: a publisher and two subscribers

    await ana.call.media.screen.start();
    for (const p of [ben, cy]) {
      await decodesShare(p, ana.call.id);
      // Their tile knows it is a share: Ana's media state names the stream she shares.
      await expect.poll(() => p.heard.get(ana.call.id)?.screen ?? null).not.toBeNull();
    }
    // Nobody receives their own share: Ana's share publisher and Ben's and Cy's subscribers to it, no more.
    expect(ana.screens.size).toBe(0);
    expect(open()).toBe(12);
    await expect.poll(async () => (await commands.janusParticipants(room)).length).toBe(4);

    // Relay only mid-share: Ana republishes camera and share through coturn; the others get the new feed.
    const before = ben.screens.get(ana.call.id);
    ana.call.setRelayOnly(true);
    await expect.poll(() => uplinkType(ana), { timeout: 30_000 }).toBe('relay');
    await expect.poll(() => ben.screens.get(ana.call.id) !== before, { timeout: 20_000 }).toBe(true);
    await decodesShare(ben, ana.call.id);
    await expect.poll(async () => (await commands.janusParticipants(room)).length, { timeout: 20_000 }).toBe(4);

    ana.call.media.screen.stop();
    for (const p of [ben, cy]) await expect.poll(() => p.screens.get(ana.call.id), { timeout: 20_000 }).toBeNull();
    await expect.poll(async () => (await commands.janusParticipants(room)).length, { timeout: 20_000 }).toBe(3);
    for (const p of [ana, ben, cy]) expect(p.problems).toEqual([]);
  });
});
