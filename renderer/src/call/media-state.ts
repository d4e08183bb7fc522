/**
 * Media state between people: ours (muted, camera off, the stream id of our
 * screen share) goes to each person when their link is made and to everyone
 * whenever it changes; theirs arrives as a `media` signal and tells each of
 * their links which received stream is the share (call/remote-tracks.ts).
 */
import type { MediaState, SignalData } from '../../../shared/signaling';
import type { MediaLink } from './link';

export interface MediaStatePort {
  send(remoteId: string, data: SignalData): void;
  /** Everyone in the call now. */
  peers(): string[];
  /** A person's state, as they announced it. */
  heard(remoteId: string, state: MediaState): void;
}

export function sameState(a: MediaState, b: MediaState): boolean {
  return a.muted === b.muted && a.cameraOff === b.cameraOff && a.screen === b.screen;
}

export class MediaStates {
  private ours: MediaState;
  private readonly theirs = new Map<string, MediaState>();

  constructor(
    initial: MediaState,
    private readonly port: MediaStatePort,
  ) {
    this.ours = { ...initial };
  }

  get current(): MediaState {
    return this.ours;
  }

  /** Changes our state; everyone hears of it if anything changed. */
  update(change: Partial<MediaState>): void {
    const next = { ...this.ours, ...change };
    if (sameState(next, this.ours)) return;
    this.ours = next;
    for (const id of this.port.peers()) this.port.send(id, { media: next });
  }

  /** A new link: it learns which of its streams is their share, and they hear our state. */
  greet(remoteId: string, link: MediaLink): void {
    const theirs = this.theirs.get(remoteId);
    link.remote.announce(theirs?.screen ?? null);
    if (theirs) link.heard?.(theirs);
    this.tell(remoteId);
  }

  /** Someone we have no link to (on the SFU) hears our state. */
  tell(remoteId: string): void {
    this.port.send(remoteId, { media: this.ours });
  }

  received(from: string, state: MediaState, links: MediaLink[]): void {
    this.theirs.set(from, state);
    for (const link of links.filter((l) => l.remoteId === from)) {
      link.remote.announce(state.screen);
      link.heard?.(state);
    }
    this.port.heard(from, state);
  }

  forget(remoteId: string): void {
    this.theirs.delete(remoteId);
  }
}
