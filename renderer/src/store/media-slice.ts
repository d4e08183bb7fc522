/** Device choices and local media switches. The MediaStreams themselves live in the media registry. */
import type { StateCreator } from 'zustand';

export interface DeviceOption {
  id: string;
  label: string;
}

export interface MediaSlice {
  cameras: DeviceOption[];
  microphones: DeviceOption[];
  cameraId: string;
  microphoneId: string;
  muted: boolean;
  cameraOff: boolean;
  /** Why the preview is not showing, in words a person can act on. */
  mediaError: string | null;
  setDevices: (cameras: DeviceOption[], microphones: DeviceOption[]) => void;
  chooseCamera: (id: string) => void;
  chooseMicrophone: (id: string) => void;
  setMuted: (muted: boolean) => void;
  setCameraOff: (off: boolean) => void;
  setMediaError: (error: string | null) => void;
}

export const createMediaSlice: StateCreator<MediaSlice, [], [], MediaSlice> = (set) => ({
  cameras: [],
  microphones: [],
  cameraId: '',
  microphoneId: '',
  muted: false,
  cameraOff: false,
  mediaError: null,
  setDevices: (cameras, microphones) =>
    set((s) => ({
      cameras,
      microphones,
      cameraId: cameras.some((c) => c.id === s.cameraId) ? s.cameraId : (cameras[0]?.id ?? ''),
      microphoneId: microphones.some((m) => m.id === s.microphoneId) ? s.microphoneId : (microphones[0]?.id ?? ''),
    })),
  chooseCamera: (cameraId) => set({ cameraId }),
  chooseMicrophone: (microphoneId) => set({ microphoneId }),
  setMuted: (muted) => set({ muted }),
  setCameraOff: (cameraOff) => set({ cameraOff }),
  setMediaError: (mediaError) => set({ mediaError }),
});
