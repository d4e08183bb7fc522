/**
 * What the call's media looks like on screen: each remote person's media
 * state as they announced it (muted, camera off, sharing), who is speaking,
 * our own screen share, the speaker output, and device notices.
 */
import type { StateCreator } from 'zustand';
import type { MediaState } from '../../../shared/signaling';
import type { DeviceOption } from './media-slice';

/** Our own key in `speaking` (media-events.ts watches our microphone under it). */
const LOCAL = 'local';

/** Someone else still speaking, if anyone is. */
const nextSpeaker = (speaking: Record<string, boolean>) =>
  Object.keys(speaking).find((key) => key !== LOCAL && speaking[key]) ?? null;

export interface PeerMediaSlice {
  /** By peer id: what they told us. Missing: nothing heard yet (shown as unmuted, camera on). */
  peerMedia: Record<string, MediaState>;
  /** By peer id, or 'local' for us: sound heard in the last moment (never for a muted person). */
  speaking: Record<string, boolean>;
  /** Who started speaking last among the others speaking now (never us): the one the call view highlights. */
  currentSpeaker: string | null;
  /** We are sharing our screen. */
  sharing: boolean;
  /** What the call runs on once joined (a mesh, or Janus: no screen share there yet); null outside a call. */
  callMode: 'mesh' | 'sfu' | null;
  speakers: DeviceOption[];
  /** The audio output for every remote person ('' = the system default). */
  speakerId: string;
  setPeerMedia: (id: string, state: MediaState | null) => void;
  setSpeaking: (id: string, speaking: boolean) => void;
  setSharing: (sharing: boolean) => void;
  setCallMode: (mode: 'mesh' | 'sfu' | null) => void;
  setSpeakers: (speakers: DeviceOption[]) => void;
  chooseSpeaker: (id: string) => void;
  resetPeerMedia: () => void;
}

const initial = { peerMedia: {}, speaking: {}, currentSpeaker: null, sharing: false, callMode: null };

export const createPeerMediaSlice: StateCreator<PeerMediaSlice, [], [], PeerMediaSlice> = (set) => ({
  ...initial,
  speakers: [],
  speakerId: '',
  setPeerMedia: (id, state) =>
    set((s) => {
      const others = Object.fromEntries(Object.entries(s.peerMedia).filter(([key]) => key !== id));
      const peerMedia = state ? { ...others, [id]: state } : others;
      // Muted people never show as speaking, even for the moment until their analyser says so.
      if (state && !state.muted) return { peerMedia };
      const speaking = { ...s.speaking, [id]: false };
      // The next one still speaking takes over (nobody, if none is): a muted current speaker leaves no gap.
      return {
        peerMedia,
        speaking,
        currentSpeaker: s.currentSpeaker === id ? nextSpeaker(speaking) : s.currentSpeaker,
      };
    }),
  setSpeaking: (id, on) =>
    set((s) => {
      if ((s.speaking[id] ?? false) === on) return s;
      const speaking = { ...s.speaking, [id]: on };
      // The current speaker is someone else: our own voice lights our self-view, never their large tile.
      if (id === LOCAL) return { speaking };
      return {
        speaking,
        currentSpeaker: on ? id : s.currentSpeaker === id ? nextSpeaker(speaking) : s.currentSpeaker,
      };
    }),
  setSharing: (sharing) => set({ sharing }),
  setCallMode: (callMode) => set({ callMode }),
  setSpeakers: (speakers) =>
    set((s) => ({ speakers, speakerId: speakers.some((d) => d.id === s.speakerId) ? s.speakerId : '' })),
  chooseSpeaker: (speakerId) => set({ speakerId }),
  resetPeerMedia: () => set({ ...initial }),
});
