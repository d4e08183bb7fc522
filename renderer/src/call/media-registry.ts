/**
 * MediaStreams by key ('local' or a peer id), outside the store: components
 * subscribe to the key they show. Keeps live media objects out of React state.
 */
import { useSyncExternalStore } from 'react';

const streams = new Map<string, MediaStream>();
const listeners = new Set<() => void>();
let version = 0;

function notify(): void {
  version += 1;
  for (const listener of listeners) listener();
}

export const mediaRegistry = {
  set(key: string, stream: MediaStream | null): void {
    if (stream) streams.set(key, stream);
    else streams.delete(key);
    notify();
  },
  get(key: string): MediaStream | null {
    return streams.get(key) ?? null;
  },
  clearRemote(): void {
    for (const key of [...streams.keys()]) if (key !== 'local') streams.delete(key);
    notify();
  },
};

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The stream for `key`, re-rendering when it is replaced. */
export function useStream(key: string): MediaStream | null {
  useSyncExternalStore(subscribe, () => version);
  return mediaRegistry.get(key);
}
