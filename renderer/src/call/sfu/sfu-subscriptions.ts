/**
 * One SfuRoom's subscriptions: a subscriber per feed another person publishes, made as Janus
 * announces it and closed as it stops or we leave, and made again on request (a stall that a
 * keyframe did not mend), the new one taking over once connected.
 */
import type { JanusSession } from '../../../../shared/janus-session';
import { feedOwner } from './sfu-displays';
import type { PublisherChange } from './sfu-publisher';
import type { SfuRemote, SfuRoomEvent, SfuRoomOptions } from './sfu-room';
import { subscribe } from './sfu-subscriber';
import { connected } from './sfu-watch';

export class Subscriptions {
  readonly remotes = new Map<number, SfuRemote>();
  /** Feeds being subscribed to, or subscribed: a feed announced twice is subscribed once. */
  private readonly wanted = new Set<number>();

  constructor(
    private readonly session: JanusSession,
    private readonly options: SfuRoomOptions & { onProblem: (problem: string) => void },
    private readonly emit: (event: SfuRoomEvent) => void,
    private readonly left: () => boolean,
  ) {}

  /** Who started and stopped publishing, as Janus said. */
  apply(change: PublisherChange): void {
    for (const id of change.stopped) this.remove(id);
    for (const p of change.started)
      // Not our own screen share (our camera's feed is never announced to us).
      if ((p.streams?.length ?? 0) > 0 && feedOwner(p.display ?? '').id !== this.options.display)
        this.add(p.id, p.display ?? String(p.id)).catch((error: unknown) =>
          this.options.onProblem(`could not receive ${p.display ?? p.id} from Janus: ${String(error)}`),
        );
  }

  removeAll(): void {
    for (const id of [...this.remotes.keys()]) this.remove(id);
  }

  /** See SfuRoom.resubscribe. */
  async resubscribe(feedId: number, ms: number): Promise<boolean> {
    const old = this.remotes.get(feedId);
    if (!old || this.left()) return false;
    const subscriber = await this.subscribeTo(feedId, old.display, true);
    try {
      await connected(subscriber.pc, ms);
    } catch (error) {
      await subscriber.close();
      throw error;
    }
    if (this.left() || this.remotes.get(feedId) !== old) {
      await subscriber.close();
      return false;
    }
    this.options.onConnection?.({ display: old.display }, subscriber.pc);
    const remote = { ...old, subscriber };
    this.remotes.set(feedId, remote);
    this.emit({ type: 'added', remote });
    void old.subscriber.close();
    return true;
  }

  private async add(feedId: number, display: string): Promise<void> {
    if (this.wanted.has(feedId) || this.left()) return;
    this.wanted.add(feedId);
    const subscriber = await this.subscribeTo(feedId, display).catch((error: unknown) => {
      this.wanted.delete(feedId);
      throw error;
    });
    // Gone meanwhile (we left, or they stopped before the subscription was up).
    if (this.left() || !this.wanted.has(feedId)) return void subscriber.close();
    const remote = { feedId, display, subscriber };
    this.remotes.set(feedId, remote);
    this.emit({ type: 'added', remote });
  }

  private remove(feedId: number): void {
    this.wanted.delete(feedId);
    const remote = this.remotes.get(feedId);
    if (!remote) return;
    this.remotes.delete(feedId);
    void remote.subscriber.close();
    this.emit({ type: 'removed', feedId });
  }

  /** A subscription to `feedId`; its connection goes to `onConnection` at once unless `quiet` (a replacement). */
  private subscribeTo(feedId: number, display: string, quiet = false) {
    const { options } = this;
    const who = { display };
    return subscribe(this.session, {
      ...{ admission: options.current?.() ?? options.admission, feedId, rtc: options.rtc },
      onProblem: options.onProblem,
      onConnection: (pc) => quiet || options.onConnection?.(who, pc),
      onCandidate: (...line) => options.onCandidate?.(who, ...line),
    });
  }
}
