/**
 * The app's MediaStreams (call/media-streams.ts, held by app-context.ts) for
 * components: `useStream` re-renders when the stream for a key is replaced.
 */
import { useSyncExternalStore } from 'react';
import { app } from '../app-context';

/** The app's streams by key; kept as an export for the components that read it. */
export const mediaRegistry = {
  set: (key: string, stream: MediaStream | null): void => app.media.set(key, stream),
  get: (key: string): MediaStream | null => app.media.get(key),
  clearRemote: (): void => app.media.clearRemote(),
};

/** The stream for `key`, re-rendering when it is replaced. */
export function useStream(key: string): MediaStream | null {
  useSyncExternalStore(app.media.subscribe, () => app.media.version);
  return app.media.get(key);
}
