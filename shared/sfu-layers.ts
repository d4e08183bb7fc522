/**
 * Which simulcast layer a person's tile takes on Janus, and the words for it. A publisher sends
 * three layers (renderer/src/call/sfu/sfu-publisher.ts): low at a quarter of its height, medium at
 * half, high at full. Each tile asks for the smallest layer at least about as tall as the tile
 * shows it (in device pixels), so a small tile costs a small stream; what arrives can be lower when
 * the publisher sends no higher layer (their upload or CPU), which the words name.
 */
export type Layer = 0 | 1 | 2;

export const LAYER_NAMES = ['low', 'medium', 'high'] as const;
/** How much smaller than the publisher's picture each layer is. */
export const LAYER_SCALE = [4, 2, 1] as const;
/** The picture height assumed before frames say (the app captures 1280x720). */
export const ASSUMED_FULL_HEIGHT = 720;
/** A layer may be this much shorter than the tile and still be taken (the step up costs 4x the pixels). */
const UPSCALE_ALLOWED = 0.9;

export interface LayerChoice {
  /** What the tile's size asks for. */
  wanted: Layer;
  /** What Janus says it forwards now (null: not said yet). */
  received: Layer | null;
  /** The tile's height in device pixels (null: not on screen). */
  tilePx: number | null;
  /** The height of the frames arriving (null: none yet). */
  frameHeight: number | null;
}

/** The publisher's full picture height, from what arrives: layer `received` at `frameHeight`. */
export function fullHeight(received: Layer | null, frameHeight: number | null): number | null {
  return received === null || !frameHeight ? null : frameHeight * LAYER_SCALE[received];
}

/** The smallest layer at least about as tall as the tile; a tile not on screen takes the lowest. */
export function layerForTile(tilePx: number | null, full: number | null): Layer {
  if (tilePx === null || tilePx <= 0) return 0;
  const height = full ?? ASSUMED_FULL_HEIGHT;
  for (const layer of [0, 1] as const) if (height / LAYER_SCALE[layer] >= tilePx * UPSCALE_ALLOWED) return layer;
  return 2;
}

/** What the diagnostics say about the layer `who`'s tile receives. */
export function layerWords(choice: LayerChoice, who: string): string {
  const { wanted, received, tilePx, frameHeight } = choice;
  const tile = tilePx === null ? 'the tile is not on screen' : `the tile is about ${Math.round(tilePx)} px tall`;
  const size = frameHeight ? ` (${frameHeight}p)` : '';
  if (received === null) return `Asking Janus for the ${LAYER_NAMES[wanted]} layer: ${tile}.`;
  if (received === wanted) return `Receiving the ${LAYER_NAMES[received]} layer${size}: ${tile}.`;
  if (received > wanted) return `Switching down to the ${LAYER_NAMES[wanted]} layer: ${tile}.`;
  return `Receiving the ${LAYER_NAMES[received]} layer${size}, not the ${LAYER_NAMES[wanted]} one ${tile === 'the tile is not on screen' ? 'asked for' : 'the tile’s size asks for'}: ${who} sends no higher layer now, so ${who}'s upload is the bottleneck (their bandwidth or CPU), not yours.`;
}
