/** The registry key of a person's screen share (their camera is under their peer id). */
export function screenKey(peerId: string): string {
  return `${peerId}:screen`;
}

/**
 * MediaStreams by key ('local', a peer id, or screenKey(peer id)), outside the store: components
 * subscribe to the key they show. Keeps live media objects out of React state.
 * One instance per app, owned by the CallHolder (app-context.ts).
 */
export class MediaStreams {
  private readonly streams = new Map<string, MediaStream>();
  private readonly listeners = new Set<() => void>();
  private revision = 0;

  /** Changes with every set or clear: a snapshot for useSyncExternalStore. */
  get version(): number {
    return this.revision;
  }

  set(key: string, stream: MediaStream | null): void {
    if (stream) this.streams.set(key, stream);
    else this.streams.delete(key);
    this.notify();
  }

  get(key: string): MediaStream | null {
    return this.streams.get(key) ?? null;
  }

  /** Every stream held now, by key. */
  entries(): Map<string, MediaStream> {
    return new Map(this.streams);
  }

  clearRemote(): void {
    for (const key of [...this.streams.keys()]) if (key !== 'local') this.streams.delete(key);
    this.notify();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private notify(): void {
    this.revision += 1;
    for (const listener of this.listeners) listener();
  }
}
