/**
 * The simulcast layer each person's tile takes on Janus (shared/sfu-layers.ts): after each stats
 * poll of their downlink, the layer their tile's size asks for is asked of Janus when it changes,
 * and what arrives goes to their diagnostics. Without tile sizes (no screen: tests below the UI)
 * nothing is asked and Janus forwards its default, the highest layer.
 */
import { fullHeight, layerForTile, type Layer } from '../../../../shared/sfu-layers';
import type { StatsRecord } from '../../../../shared/stats';
import type { LinkRecorder } from '../../diagnostics/link-recorder';
import type { SfuSubscriber } from './sfu-subscriber';

/** A tile's height in device pixels (null: not on screen). */
export type TileHeight = (id: string) => number | null;

/** How long a layer asked of Janus may not arrive before it is asked again (Janus drops a request made too early). */
const ASK_AGAIN_MS = 2_000;

export class TileLayers {
  private readonly asked = new WeakMap<SfuSubscriber, { layer: Layer; at: number }>();

  constructor(private readonly tileHeight: TileHeight | undefined) {}

  update(id: string, subscriber: SfuSubscriber, records: readonly StatsRecord[], recorder: LinkRecorder): void {
    const video = records.find((r) => r.type === 'inbound-rtp' && r['kind'] === 'video');
    const frameHeight = typeof video?.['frameHeight'] === 'number' ? video['frameHeight'] : null;
    const tilePx = this.tileHeight?.(id) ?? null;
    const received = subscriber.layer;
    const wanted = this.tileHeight ? layerForTile(tilePx, fullHeight(received, frameHeight)) : (received ?? 2);
    const asked = this.asked.get(subscriber);
    const now = performance.now();
    const stale = asked !== undefined && received !== wanted && now - asked.at > ASK_AGAIN_MS;
    if (this.tileHeight && (asked?.layer !== wanted || stale)) {
      this.asked.set(subscriber, { layer: wanted, at: now });
      subscriber.chooseLayer(wanted).catch(() => this.asked.delete(subscriber)); // asked again next poll
    }
    recorder.layer({ wanted, received, tilePx, frameHeight });
  }
}
