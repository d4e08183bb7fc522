/**
 * Screen shares in a call on Janus (SfuLinks): ours is a feed of its own (sfu-displays.ts),
 * published in each room we join (the first, a Relay only republish, a rejoin after Janus came
 * back), and each person's share feed goes to their share tile until it stops.
 */
import { errorMessage } from '../../../../shared/error-message';
import type { RoomEvents } from '../room-options';
import { feedOwner } from './sfu-displays';
import type { SfuRoom, SfuRoomEvent } from './sfu-room';

export class SfuScreens {
  private sharing: MediaStream | null = null;
  /** Whose share is which feed (person id → feed id). */
  private readonly feeds = new Map<string, number>();

  constructor(
    private readonly events: Pick<RoomEvents, 'remoteScreen' | 'problem'>,
    /** Whether the signaling server says this person is in the call. */
    private readonly known: (id: string) => boolean,
  ) {}

  /** Our share began or ended (null): in the room in use now, and in every room joined from now on. */
  set(stream: MediaStream | null, room: SfuRoom | null): void {
    this.sharing = stream;
    if (room) this.publish(room, stream);
  }

  /** A room was joined: our share, if any, is published there too. */
  joined(room: SfuRoom): void {
    if (this.sharing) this.publish(room, this.sharing);
  }

  /** A room's event about a share feed (true: it was one, and is handled). */
  event(event: SfuRoomEvent): boolean {
    if (event.type === 'added') {
      const owner = feedOwner(event.remote.display);
      if (!owner.screen) return false;
      if (!this.known(owner.id)) return true;
      this.feeds.set(owner.id, event.remote.feedId);
      this.events.remoteScreen?.(owner.id, event.remote.subscriber.stream);
      return true;
    }
    if (event.type === 'removed') {
      for (const [id, feedId] of this.feeds) if (feedId === event.feedId) this.stopped(id);
    }
    return false;
  }

  /** Everyone's shares are gone (Janus went away): their tiles close until the feeds come back. */
  clear(): void {
    for (const id of [...this.feeds.keys()]) this.stopped(id);
  }

  /** The person left: their share went with them. */
  forget(id: string): void {
    this.feeds.delete(id);
  }

  private stopped(id: string): void {
    this.feeds.delete(id);
    this.events.remoteScreen?.(id, null);
  }

  private publish(room: SfuRoom, stream: MediaStream | null): void {
    room.share(stream).catch((error: unknown) => {
      if (this.sharing !== stream) return; // changed meanwhile: the newer share speaks
      this.events.problem(
        `Your screen share could not be sent to the group-call server (Janus): ${errorMessage(error)}. The others do not see it. Stop sharing and share again; if it keeps failing, check the connection to Janus in the diagnostics ("Your upload to the SFU").`,
      );
    });
  }
}
