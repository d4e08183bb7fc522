/** The simulcast layer a tile asks for on Janus, and what the diagnostics say about what arrives. */
import { describe, expect, it } from 'vitest';
import { fullHeight, layerForTile, layerWords } from '../../shared/sfu-layers';

describe('the layer a tile asks for', () => {
  it('is the smallest layer about as tall as the tile (720p assumed until frames arrive)', () => {
    expect(layerForTile(90, null)).toBe(0); // 180p is enough
    expect(layerForTile(200, null)).toBe(0); // 180p is within 10 % of 200
    expect(layerForTile(240, null)).toBe(1); // 360p
    expect(layerForTile(420, null)).toBe(2); // 360p is too short
    expect(layerForTile(null, null)).toBe(0); // not on screen
  });

  it('uses the publisher’s real height once frames say it', () => {
    expect(fullHeight(0, 120)).toBe(480);
    expect(fullHeight(2, 1080)).toBe(1080);
    expect(fullHeight(null, 120)).toBeNull();
    expect(layerForTile(200, 480)).toBe(1); // low is 120p, medium 240p
    expect(layerForTile(500, 1080)).toBe(1); // medium is 540p
  });
});

describe('what the panel says', () => {
  it('names the layer, its height and why', () => {
    expect(layerWords({ wanted: 1, received: 1, tilePx: 300, frameHeight: 360 }, 'Ben')).toBe(
      'Receiving the medium layer (360p): the tile is about 300 px tall.',
    );
    expect(layerWords({ wanted: 2, received: null, tilePx: 700, frameHeight: null }, 'Ben')).toBe(
      'Asking Janus for the high layer: the tile is about 700 px tall.',
    );
  });

  it('a lower layer than the tile asks for names the sender’s upload as the bottleneck', () => {
    expect(layerWords({ wanted: 2, received: 0, tilePx: 700, frameHeight: 180 }, 'Ben')).toBe(
      "Receiving the low layer (180p), not the high one the tile’s size asks for: Ben sends no higher layer now, so Ben's upload is the bottleneck (their bandwidth or CPU), not yours.",
    );
    expect(layerWords({ wanted: 0, received: 2, tilePx: 100, frameHeight: 720 }, 'Ben')).toBe(
      'Switching down to the low layer: the tile is about 100 px tall.',
    );
  });
});
