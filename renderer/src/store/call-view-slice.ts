/** What the call view needs beyond the call's own state: the join-sound choice, and whether we are hanging up. */
import type { StateCreator } from 'zustand';
import { loadJoinSounds, saveJoinSounds } from './join-sounds-storage';

export interface CallViewSlice {
  /** A short sound when someone joins or leaves the call; off unless the person turns it on (kept across reloads: join-sounds-storage.ts). */
  joinSounds: boolean;
  setJoinSounds: (on: boolean) => void;
  /**
   * From Hang up until the lobby shows: the call drops every link first, and the call view
   * must not read those as the others leaving.
   */
  hangingUp: boolean;
  setHangingUp: (on: boolean) => void;
  /** Each person's tile height on screen, in device pixels (on Janus it picks the simulcast layer). */
  tileHeights: Record<string, number>;
  setTileHeight: (id: string, px: number | null) => void;
}

export const createCallViewSlice: StateCreator<CallViewSlice, [], [], CallViewSlice> = (set) => ({
  joinSounds: loadJoinSounds(),
  setJoinSounds: (joinSounds) => {
    saveJoinSounds(joinSounds);
    set({ joinSounds });
  },
  hangingUp: false,
  setHangingUp: (hangingUp) => set({ hangingUp }),
  tileHeights: {},
  setTileHeight: (id, px) =>
    set((s) => {
      if ((s.tileHeights[id] ?? null) === px) return s;
      const tileHeights = Object.fromEntries(Object.entries(s.tileHeights).filter(([key]) => key !== id));
      return { tileHeights: px === null ? tileHeights : { ...tileHeights, [id]: px } };
    }),
});
