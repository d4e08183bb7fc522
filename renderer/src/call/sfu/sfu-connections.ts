/**
 * Which of a call's Janus connections speak for whom: the connection in use per diagnostics entry
 * (UPLINK_ID, then each person's id), each person's feed, and the watchers of those connections
 * (sfu-watch.ts). SfuLinks keeps one; a republish or rejoin changes what it holds.
 */
import type { LinkState } from '../../../../shared/diagnostics';
import type { LinkRecorder } from '../../diagnostics/link-recorder';
import { UPLINK_ID } from './sfu-options';
import type { SfuRoom } from './sfu-room';
import { linkStateOf, Watchers } from './sfu-watch';

export class SfuConnections {
  /** The connection in use per diagnostics entry. */
  readonly pcs = new Map<string, RTCPeerConnection>();
  /** Which feed is a person's now (a republish briefly gives them two). */
  private readonly feeds = new Map<string, number>();
  private readonly watchers = new Watchers();
  /** Who hears each entry's states (the latest connection's listener: the same recorder and tile). */
  private readonly listeners = new Map<string, (state: LinkState) => void>();

  /** The person's feed (-1: none, which no room has). */
  feedOf(id: string): number {
    return this.feeds.get(id) ?? -1;
  }

  /** `pc` is `id`'s connection in `session` now: `onState` hears its states while it is the one in use. */
  use(id: string, session: number, pc: RTCPeerConnection, recorder: LinkRecorder, onState: (s: LinkState) => void) {
    this.pcs.set(id, pc);
    this.listeners.set(id, onState);
    this.watchers.watch(id, session, pc, recorder, (state) => {
      if (this.pcs.get(id) === pc) onState(state);
    });
  }

  /** A person's feed, as the room in use announced it. */
  feed(display: string, feedId: number): void {
    this.feeds.set(display, feedId);
  }

  /** Feeds that `room` no longer has are no one's (`feedId`: only that one). */
  prune(room: SfuRoom, feedId?: number): void {
    for (const [display, feed] of this.feeds)
      if ((feedId === undefined || feed === feedId) && !room.remotes.has(feed)) this.feeds.delete(display);
  }

  /** A republish took over in `session`: the older sessions' connections are no longer watched. */
  tookOver(session: number): void {
    this.watchers.stopBefore(session);
  }

  /**
   * A republish failed and `room` stays in use: its connections speak for everyone again (the
   * half-made room's had replaced them), for the people `present` says are in the call, and each
   * one's state is said again (the half-made connections' states had been said instead).
   */
  takeBack(room: SfuRoom, present: (display: string) => boolean): void {
    this.pcs.set(UPLINK_ID, room.publisher.pc);
    this.prune(room);
    // Their feeds come back as SfuLinks announces the room's remotes again (`feed`).
    for (const remote of room.remotes.values())
      if (present(remote.display)) this.pcs.set(remote.display, remote.subscriber.pc);
    for (const [id, pc] of this.pcs) this.listeners.get(id)?.(linkStateOf(pc.connectionState));
  }

  /** The person left: their connection and feed are no one's. */
  forget(id: string): void {
    this.watchers.stop(id);
    this.listeners.delete(id);
    this.pcs.delete(id);
    this.feeds.delete(id);
  }

  clear(): void {
    this.watchers.stopAll();
    this.listeners.clear();
    this.pcs.clear();
    this.feeds.clear();
  }
}
