/** What a Call reports, written to the store (and its media to the app's MediaStreams). */
import { useStore } from '../store';
import type { MediaStreams } from './media-streams';
import type { RoomEvents } from './room';

export function callEvents(media: MediaStreams): RoomEvents {
  return {
    signaling: (state, detail) => useStore.getState().setSignaling(state, detail),
    peerAdded: (peer) => useStore.getState().addPeer(peer.id, peer.name),
    peerRemoved: (id) => {
      useStore.getState().removePeer(id);
      media.set(id, null);
    },
    linkState: (id, state) => useStore.getState().setLink(id, state),
    remoteStream: (id, stream) => media.set(id, stream),
    diagnostics: (id, data) => useStore.getState().setDiagnostics(id, data),
    problem: (message) => useStore.getState().setNotice(message),
    relayRefused: (message) => useStore.getState().setRelayFallback(message),
  };
}
