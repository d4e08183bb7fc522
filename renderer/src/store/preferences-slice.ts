/** Choices about how the call view behaves that are not connection settings (kept until the window closes). */
import type { StateCreator } from 'zustand';

export interface PreferencesSlice {
  /** A short sound when someone joins or leaves the call; off unless the person turns it on. */
  joinSounds: boolean;
  setJoinSounds: (on: boolean) => void;
}

export const createPreferencesSlice: StateCreator<PreferencesSlice, [], [], PreferencesSlice> = (set) => ({
  joinSounds: false,
  setJoinSounds: (joinSounds) => set({ joinSounds }),
});
