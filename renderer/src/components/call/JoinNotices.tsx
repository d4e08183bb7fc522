/**
 * "Ben joined" / "Ben left" in a polite live region of the call view, each for a few seconds,
 * with a short sound when the person turned sounds on. The people already in the room when
 * we joined are not announced: the tiles show them, and "Ben is here" for each would be noise.
 */
import { useEffect, useRef, useState } from 'react';
import { useStore } from '../../store';
import { playChime } from './chime';
import { changeWords, peerChanges } from './peer-changes';

/** How long a notice stays on screen. */
const SHOWN_MS = 10_000;

interface Shown {
  key: number;
  text: string;
}

export function JoinNotices() {
  const peers = useStore((s) => s.peers);
  const sounds = useStore((s) => s.joinSounds);
  const hangingUp = useStore((s) => s.hangingUp);
  // The people present when the call view opened (at join): the baseline, not news.
  const previous = useRef(peers);
  const counter = useRef(0);
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());
  const [shown, setShown] = useState<Shown[]>([]);

  useEffect(() => {
    const changes = peerChanges(previous.current, peers);
    previous.current = peers;
    if (changes.length === 0 || hangingUp) return;
    const added = changes.map((c) => ({ key: (counter.current += 1), text: changeWords(c) }));
    setShown((list) => [...list, ...added].slice(-4));
    if (sounds) playChime(changes[changes.length - 1]?.kind ?? 'joined');
    const timer = setTimeout(() => {
      timers.current.delete(timer);
      setShown((list) => list.filter((n) => !added.includes(n)));
    }, SHOWN_MS);
    timers.current.add(timer);
  }, [peers, sounds, hangingUp]);

  useEffect(() => {
    const pending = timers.current;
    return () => pending.forEach(clearTimeout);
  }, []);

  return (
    <div className="call-notices" role="log" aria-live="polite" aria-label="Who joined or left">
      {shown.map((n) => (
        <p key={n.key} className="call-notice">
          {n.text}
        </p>
      ))}
    </div>
  );
}
