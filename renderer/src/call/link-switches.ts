/**
 * Replacement links being negotiated (make-before-break, e.g. a Relay only
 * switch), at most one per remote peer, each with a deadline. The Room decides
 * what a replacement means; this only keeps them and their timers.
 */
import type { MediaLink } from './link';

export class LinkSwitches {
  private readonly pending = new Map<string, MediaLink>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** The highest session used with each peer. */
  private readonly sessions = new Map<string, number>();

  constructor(
    private readonly timeoutMs: number,
    private readonly onTimeout: (remoteId: string, link: MediaLink) => void,
  ) {}

  /** Every replacement being negotiated. */
  all(): MediaLink[] {
    return [...this.pending.values()];
  }

  get(remoteId: string): MediaLink | undefined {
    return this.pending.get(remoteId);
  }

  /** A session number never used with this peer, so a new replacement cannot be mistaken for an abandoned one. */
  nextSession(remoteId: string, current: number): number {
    return Math.max(this.sessions.get(remoteId) ?? 0, current) + 1;
  }

  /** Starts waiting for `link` to connect; one already pending for this peer is closed. */
  start(remoteId: string, link: MediaLink): void {
    this.cancel(remoteId);
    this.sessions.set(remoteId, Math.max(this.sessions.get(remoteId) ?? 0, link.session));
    this.pending.set(remoteId, link);
    this.timers.set(
      remoteId,
      setTimeout(() => this.onTimeout(remoteId, link), this.timeoutMs),
    );
  }

  /** `link` connected (or failed): it is no longer pending. Returns false when it was not the pending one. */
  take(remoteId: string, link: MediaLink): boolean {
    if (this.pending.get(remoteId) !== link) return false;
    clearTimeout(this.timers.get(remoteId));
    this.timers.delete(remoteId);
    this.pending.delete(remoteId);
    return true;
  }

  /** Calls off the replacement for this peer, if any, and closes it. */
  cancel(remoteId: string): void {
    const link = this.pending.get(remoteId);
    if (link && this.take(remoteId, link)) link.close();
  }

  /** The peer left: its sessions start again from 0 if it comes back. */
  forget(remoteId: string): void {
    this.cancel(remoteId);
    this.sessions.delete(remoteId);
  }

  cancelAll(): void {
    for (const id of [...this.pending.keys()]) this.cancel(id);
  }
}
