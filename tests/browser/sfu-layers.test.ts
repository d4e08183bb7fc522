/**
 * The simulcast layer per tile on Janus (real Janus, our signaling server, real Chromium): Ana
 * sends 1280x720 in three layers; Ben's tile of her asks for the layer its height needs (a small
 * tile the 180p one, a large tile the 720p one), and his diagnostics say which layer arrives and
 * why. When Ana's upload loses its upper layers (what Chromium's encoder does when her bandwidth
 * estimate falls: emulated here by switching those encodings off), Janus falls back and Ben's
 * panel names Ana's upload as the bottleneck.
 */
import { describe, expect, it, onTestFailed } from 'vitest';
import type { LayerChoice } from '../../shared/sfu-layers';
import { layerWords } from '../../shared/sfu-layers';
import { hintsFor } from '../../shared/report';
import { made } from './leak-watch';
import { sfuCallsForFile, type SfuPerson } from './sfu-people';

const calls = sfuCallsForFile(0);

const layerOf = (p: SfuPerson, id: string): Partial<LayerChoice> | undefined => p.diagnostics[id]?.layer;

describe('the simulcast layer each tile takes on Janus', () => {
  it('follows the tile’s height, and names the sender’s upload when their upper layers stop', async () => {
    const room = `sfu-layers-${Math.random().toString(36).slice(2, 8)}`;
    const heights = new Map<string, number>();
    const ana = await calls.join(room, 'Ana', false, { video: { width: 1280, height: 720 } });
    const anaPublisher = made.at(-1)!; // her first connection is her publisher
    const ben = await calls.join(room, 'Ben', false, { tileHeight: (id) => heights.get(id) ?? null });
    const anaId = ana.call.id;
    onTestFailed(() => console.log(`Ben's layer of Ana: ${JSON.stringify(layerOf(ben, anaId))}`));

    heights.set(anaId, 100); // a thumbnail
    await expect
      .poll(() => layerOf(ben, anaId), { timeout: 30_000 })
      .toMatchObject({ wanted: 0, received: 0, frameHeight: 180, tilePx: 100 });
    expect(ben.diagnostics[anaId] && layerWords(ben.diagnostics[anaId].layer!, 'Ana')).toBe(
      'Receiving the low layer (180p): the tile is about 100 px tall.',
    );

    heights.set(anaId, 700); // the large tile
    await expect
      .poll(() => layerOf(ben, anaId), { timeout: 45_000 })
      .toMatchObject({ wanted: 2, received: 2, frameHeight: 720 });

    // Ana's encoder drops her two upper layers, as it does when her upload cannot carry them.
    const sender = anaPublisher.getSenders().find((s) => s.track?.kind === 'video')!;
    const parameters = sender.getParameters();
    for (const encoding of parameters.encodings) encoding.active = encoding.rid === 'l';
    await sender.setParameters(parameters);
    await expect
      .poll(() => layerOf(ben, anaId), { timeout: 30_000 })
      .toMatchObject({ wanted: 2, received: 0, frameHeight: 180 });
    expect(layerWords(ben.diagnostics[anaId]!.layer!, 'Ana')).toContain("Ana's upload is the bottleneck");
    // The panel's hints (and the report) name the weak hop too.
    const settings = { relayOnly: false, turnConfigured: true, stunConfigured: false };
    expect(hintsFor(ben.diagnostics[anaId]!, settings).map((h) => h.cause)).toContain(
      "Ana's upload is the bottleneck: they send no higher layer now (their bandwidth or CPU), not your connection",
    );
    for (const p of [ana, ben]) expect(p.problems).toEqual([]);
  }, 150_000);
});
