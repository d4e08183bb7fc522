/**
 * What the UI shows about the call: phase, room, signaling state, people and
 * their link state. A link's stats and whether it is relayed are not kept
 * here: they are its diagnostics' latest snapshot (diagnostics-slice.ts).
 */
import type { StateCreator } from 'zustand';
import type { SignalingState } from '../signaling/socket-signaling';
import type { LinkState } from '../../../shared/diagnostics';

/** The words on a remote tile. */
export type TileState = 'Connecting' | 'Connected' | 'Relayed' | 'Video stalled' | 'Reconnecting' | 'Failed';

export interface RemotePeer {
  id: string;
  name: string;
  link: LinkState;
}

export type CallPhase = 'lobby' | 'joining' | 'in-call';

export interface CallSlice {
  phase: CallPhase;
  room: string;
  selfId: string;
  signaling: SignalingState;
  signalingDetail: string;
  peers: Record<string, RemotePeer>;
  /** A message for the person, shown until dismissed or replaced. */
  notice: string | null;
  /** A problem (what failed, why, the fix) or news that needs no action (the call moved, Janus is back). */
  noticeTone: NoticeTone;
  /** Relay only is on but could not be established: why, while the person chooses (stay direct or hang up). */
  relayFallback: string | null;
  setRelayFallback: (message: string | null) => void;
  /**
   * What the lobby form holds; kept across calls so hanging up and rejoining is one click.
   * `invite` is null until set (the lobby then reads one from the page's own link).
   */
  draft: { name: string | null; room: string; invite: string | null };
  setDraft: (draft: Partial<{ name: string; room: string; invite: string }>) => void;
  /** An invite link that arrived during this call: its room, for the call view to mention. */
  receivedInvite: { room: string } | null;
  setReceivedInvite: (received: { room: string } | null) => void;
  setPhase: (phase: CallPhase, room?: string) => void;
  setSelf: (id: string) => void;
  setSignaling: (state: SignalingState, detail?: string) => void;
  addPeer: (id: string, name: string) => void;
  removePeer: (id: string) => void;
  setLink: (id: string, link: LinkState) => void;
  setNotice: (notice: string | null, tone?: NoticeTone) => void;
  resetCall: () => void;
}

export type NoticeTone = 'problem' | 'news';

/**
 * `relayed`: the link's path goes through a TURN server (selectRelayed); `videoStalled`: their camera's
 * video stopped on the working link (call/video-stall.ts). A link that dropped says Reconnecting instead.
 */
export function tileState(peer: RemotePeer, relayed: boolean, videoStalled = false): TileState {
  switch (peer.link) {
    case 'connected':
      return videoStalled ? 'Video stalled' : relayed ? 'Relayed' : 'Connected';
    case 'reconnecting':
      return 'Reconnecting';
    case 'failed':
    case 'closed':
      return 'Failed';
    default:
      return 'Connecting';
  }
}

const initial = {
  phase: 'lobby' as CallPhase,
  room: '',
  selfId: '',
  signaling: 'closed' as SignalingState,
  signalingDetail: '',
  peers: {},
  notice: null,
  noticeTone: 'problem' as NoticeTone,
  relayFallback: null,
  receivedInvite: null,
};

export const createCallSlice: StateCreator<CallSlice, [], [], CallSlice> = (set) => ({
  ...initial,
  draft: { name: null, room: '', invite: null },
  setDraft: (draft) => set((s) => ({ draft: { ...s.draft, ...draft } })),
  setPhase: (phase, room) => set((s) => ({ phase, room: room ?? s.room })),
  setSelf: (selfId) => set({ selfId }),
  setSignaling: (signaling, detail = '') => set({ signaling, signalingDetail: detail }),
  addPeer: (id, name) =>
    set((s) => ({
      peers: { ...s.peers, [id]: s.peers[id] ?? { id, name, link: 'connecting' } },
    })),
  removePeer: (id) =>
    set((s) => ({ peers: Object.fromEntries(Object.entries(s.peers).filter(([key]) => key !== id)) })),
  setLink: (id, link) => set((s) => (s.peers[id] ? { peers: { ...s.peers, [id]: { ...s.peers[id], link } } } : s)),
  setNotice: (notice, noticeTone = 'problem') => set({ notice, noticeTone }),
  setRelayFallback: (relayFallback) => set({ relayFallback }),
  setReceivedInvite: (receivedInvite) => set({ receivedInvite }),
  resetCall: () => set({ ...initial }),
});
