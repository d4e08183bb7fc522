/**
 * Which remote tile is the large one: the one pinned, else in a group call (three or more others)
 * the person speaking. A new speaker takes the large tile once they have spoken for a moment, so
 * it does not jump at every word (pauses between their words included); with nobody speaking, the
 * last speaker keeps it.
 */
import { useEffect, useRef, useState } from 'react';
import { useStore } from '../../store';

/** How long someone speaks before the large tile moves to them. */
export const SPOTLIGHT_AFTER_MS = 1_200;
/** From this many others, a call shows the speaker large (below it, every tile is large enough). */
export const SPOTLIGHT_FROM = 3;

export function useLargeTile(pinned: string | null, present: readonly string[]): string | null {
  const speaker = useStore((s) => s.currentSpeaker);
  const [spotlit, setSpotlit] = useState<string | null>(null);
  // The person being counted, and their timer. A pause (nobody current) does not stop the count; at its
  // end they take the tile only if they are speaking then, so one short word does not move it.
  const counting = useRef<{ id: string; timer: ReturnType<typeof setTimeout> } | null>(null);
  useEffect(() => {
    if (speaker === null || speaker === spotlit || counting.current?.id === speaker) return;
    if (counting.current) clearTimeout(counting.current.timer);
    const id = speaker;
    const timer = setTimeout(() => {
      counting.current = null;
      if (useStore.getState().currentSpeaker === id) setSpotlit(id);
    }, SPOTLIGHT_AFTER_MS);
    counting.current = { id, timer };
  }, [speaker, spotlit]);
  useEffect(
    () => () => {
      if (counting.current) clearTimeout(counting.current.timer);
    },
    [],
  );
  if (pinned !== null) return pinned;
  if (present.length < SPOTLIGHT_FROM || spotlit === null || !present.includes(spotlit)) return null;
  return spotlit;
}
