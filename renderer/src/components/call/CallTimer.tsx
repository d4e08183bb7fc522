/**
 * How long the call has lasted, in the call header. It starts when the first other person is
 * connected (time spent waiting alone is not call time) and keeps counting until you hang up,
 * also while everyone else has left.
 */
import { useEffect, useState } from 'react';
import { useStore, type TraverseState } from '../../store';
import { formatDuration } from './duration';

const anyConnected = (s: TraverseState) => Object.values(s.peers).some((p) => p.link === 'connected');

export function CallTimer() {
  const [startedAt, setStartedAt] = useState<number | null>(() =>
    anyConnected(useStore.getState()) ? Date.now() : null,
  );
  const [now, setNow] = useState(() => Date.now());
  useEffect(
    () =>
      useStore.subscribe((s) => {
        if (anyConnected(s)) setStartedAt((at) => at ?? Date.now());
      }),
    [],
  );
  useEffect(() => {
    if (startedAt === null) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [startedAt]);
  if (startedAt === null) return null;
  return (
    <span className="call-timer" role="timer" aria-label="Call time">
      {formatDuration(now - startedAt)}
    </span>
  );
}
