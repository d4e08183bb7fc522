/**
 * The stall watchdog on Janus (issue 19): one VideoStall per person's subscription, fed by each
 * stats poll of it. A person whose camera video stops decoding while their subscription is
 * connected (and they say their camera is on) gets "Video stalled" on their tile; step one asks
 * Janus for a keyframe (a PLI on our receiver, which Janus passes to the publisher), step two
 * subscribes to their feed again, make-before-break (SfuRoom.resubscribe), recorded as a recovery
 * with its cause. A republish or a rejoin under way holds the watch, as a mesh recovery does.
 */
import type { MediaState } from '../../../../shared/signaling';
import type { StatsRecord } from '../../../../shared/stats';
import type { LinkRecorder } from '../../diagnostics/link-recorder';
import { pairWords } from '../peer-link-parts';
import { VideoStall } from '../video-stall';
import type { SfuSubscriber } from './sfu-subscriber';

export interface SfuStallPort {
  /** The person's subscription in use now (null: none). */
  subscriber(id: string): SfuSubscriber | null;
  recorder(id: string): LinkRecorder | undefined;
  /** A republish or a rejoin is under way: its connections change under every person. */
  busy(): boolean;
  /** Subscribes to the person's feed again; false: their feed is gone. */
  resubscribe(id: string): Promise<boolean>;
}

export class SfuStalls {
  private readonly watches = new Map<string, VideoStall>();
  /** Each person's media state as last heard, for a watch made after it came. */
  private readonly states = new Map<string, MediaState>();
  private readonly resubscribing = new Set<string>();

  constructor(private readonly port: SfuStallPort) {}

  heard(id: string, state: MediaState): void {
    this.states.set(id, state);
    this.watches.get(id)?.heard(state);
  }

  /** One stats poll of the person's subscription in use. */
  observe(id: string, records: readonly StatsRecord[]): void {
    let watch = this.watches.get(id);
    if (!watch) {
      watch = new VideoStall(this.portFor(id));
      const state = this.states.get(id);
      if (state) watch.heard(state);
      this.watches.set(id, watch);
    }
    watch.observe(records, Date.now());
  }

  /** The person left. */
  forget(id: string): void {
    this.watches.get(id)?.stop();
    this.watches.delete(id);
    this.states.delete(id);
  }

  stop(): void {
    for (const id of [...this.watches.keys()]) this.forget(id);
  }

  private portFor(id: string): ConstructorParameters<typeof VideoStall>[0] {
    const { port } = this;
    return {
      camera: () => {
        const subscriber = port.subscriber(id);
        const track = subscriber?.stream.getVideoTracks()[0];
        if (!subscriber || !track) return null;
        return { track, receiver: subscriber.pc.getReceivers().find((r) => r.track === track) ?? null };
      },
      linkUp: () => port.subscriber(id)?.pc.connectionState === 'connected',
      recovering: () => port.busy() || this.resubscribing.has(id),
      restart: (detail) => void this.resubscribe(id, detail),
      remedy: 'subscribing to their feed on Janus again',
      event: (text) => port.recorder(id)?.event('video', text),
      changed: (stalled) => port.recorder(id)?.videoStall(stalled),
    };
  }

  /** Step two: a new subscription to their feed, recorded as a recovery of their downlink. */
  private async resubscribe(id: string, detail: string): Promise<void> {
    const recorder = this.port.recorder(id);
    const session = recorder?.current.session ?? 0;
    recorder?.recovery('video-stalled', detail, session);
    recorder?.event('restart', 'a new subscription to their feed on Janus requested', session);
    this.resubscribing.add(id);
    try {
      if (!(await this.port.resubscribe(id))) return recorder?.recoveryFailed();
      // The new subscription's connection is a new path: the recovery is over once media flows on it.
      const pc = this.port.subscriber(id)?.pc;
      const pair = pc?.getReceivers()[0]?.transport?.iceTransport.getSelectedCandidatePair() ?? null;
      recorder?.linkEvent('pair', `new subscription: ${pairWords(pair) ?? 'pair not reported'}`, session);
    } catch (error) {
      recorder?.event('video', `the new subscription did not connect (${(error as Error).message}); the old one stays`);
      recorder?.recoveryFailed();
    } finally {
      this.resubscribing.delete(id);
    }
  }
}
