/** What a Call reports, written to the store (and its media to the app's MediaStreams). */
import { useStore } from '../store';
import { screenKey, type MediaStreams } from './media-streams';
import type { RoomEvents } from './room';

export function callEvents(media: MediaStreams): RoomEvents {
  return {
    signaling: (state, detail) => useStore.getState().setSignaling(state, detail),
    peerAdded: (peer) => useStore.getState().addPeer(peer.id, peer.name),
    peerRemoved: (id) => {
      useStore.getState().removePeer(id);
      useStore.getState().setPeerMedia(id, null);
      media.set(id, null);
      media.set(screenKey(id), null);
    },
    linkState: (id, state) => useStore.getState().setLink(id, state),
    remoteStream: (id, stream) => media.set(id, stream),
    remoteScreen: (id, stream) => media.set(screenKey(id), stream),
    diagnostics: (id, data) => useStore.getState().setDiagnostics(id, data),
    problem: (message) => useStore.getState().setNotice(message),
    news: (message) => useStore.getState().setNotice(message, 'news'),
    relayRefused: (message) => useStore.getState().setRelayFallback(message),
    modeChanged: (mode) => useStore.getState().setCallMode(mode),
  };
}
