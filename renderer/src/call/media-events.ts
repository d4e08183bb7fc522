/**
 * What a call's media reports (call-media.ts), written to the store and the
 * app's MediaStreams; and who is speaking, from the streams the tiles show.
 */
import { useStore } from '../store';
import type { CallMediaEvents } from './call-media';
import type { ChosenSpeaker } from './device-fallback';
import { deviceOf } from './device-switch';
import { screenKey, type MediaStreams } from './media-streams';
import { SpeakingWatch } from './speaking';

export function mediaEvents(
  media: MediaStreams,
  localStream: () => MediaStream | null,
  refreshDevices: () => void,
): CallMediaEvents {
  return {
    peerMedia: (id, state) => useStore.getState().setPeerMedia(id, state),
    // Our share under our own screen key: the self view shows its preview ("Your screen").
    sharing: (stream) => {
      media.set(screenKey('local'), stream);
      useStore.getState().setSharing(stream !== null);
    },
    // A fresh stream object, so the preview's <video> takes the new camera; the pickers show the device in use.
    localTrack: (kind, track) => {
      const local = localStream();
      if (local) media.set('local', new MediaStream(local.getTracks()));
      const store = useStore.getState();
      if (kind === 'video') store.chooseCamera(deviceOf(track));
      else store.chooseMicrophone(deviceOf(track));
    },
    devicesChanged: refreshDevices,
    notice: (message) => useStore.getState().setNotice(message),
    speakerFallback: (deviceId) => useStore.getState().chooseSpeaker(deviceId),
  };
}

/** The speaker chosen in the store, with its name, for the fallback when it goes away. */
export function chosenSpeaker(): ChosenSpeaker {
  const { speakerId, speakers } = useStore.getState();
  return { deviceId: speakerId, label: speakers.find((d) => d.id === speakerId)?.label ?? '' };
}

/** Listens to every person's audio (ours as 'local') while a call runs; close() when it ends. */
export function watchSpeaking(media: MediaStreams): { close(): void } {
  const watch = new SpeakingWatch({
    muted: (key) => {
      const state = useStore.getState();
      return key === 'local' ? state.muted : state.peerMedia[key]?.muted === true;
    },
    changed: (key, speaking) => useStore.getState().setSpeaking(key, speaking),
  });
  const sync = () => {
    // People's cameras and microphones (ours is 'local'), not the screen shares.
    const people = [...media.entries()].filter(([key]) => !key.includes(':'));
    watch.sync(new Map(people));
  };
  const unsubscribe = media.subscribe(sync);
  sync();
  return {
    close: () => {
      unsubscribe();
      watch.close();
    },
  };
}
