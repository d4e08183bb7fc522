/** Camera and microphone: opening them with the chosen devices, listing devices, and errors in plain words. */
import type { DeviceOption } from '../store/media-slice';
import { errorMessage } from '../../../shared/error-message';

const VIDEO: MediaTrackConstraints = { width: { ideal: 1280 }, height: { ideal: 720 } };
const AUDIO: MediaTrackConstraints = { echoCancellation: true, noiseSuppression: true };

export async function openLocalMedia(cameraId: string, microphoneId: string): Promise<MediaStream> {
  return navigator.mediaDevices.getUserMedia({
    video: { ...VIDEO, deviceId: cameraId ? { exact: cameraId } : undefined },
    audio: { ...AUDIO, deviceId: microphoneId ? { exact: microphoneId } : undefined },
  });
}

/** One camera or microphone on its own ('' = the default), for switching devices mid-call. */
export async function openTrack(kind: 'audio' | 'video', deviceId: string): Promise<MediaStreamTrack> {
  const constraints = { ...(kind === 'video' ? VIDEO : AUDIO), deviceId: deviceId ? { exact: deviceId } : undefined };
  const stream = await navigator.mediaDevices.getUserMedia(
    kind === 'video' ? { video: constraints } : { audio: constraints },
  );
  const track = stream.getTracks()[0];
  if (!track) throw new Error(`the browser opened no ${kind === 'video' ? 'camera' : 'microphone'} track`);
  return track;
}

export async function listDevices(): Promise<{
  cameras: DeviceOption[];
  microphones: DeviceOption[];
  speakers: DeviceOption[];
}> {
  const devices = await navigator.mediaDevices.enumerateDevices();
  const pick = (kind: MediaDeviceKind, fallback: string) =>
    devices
      .filter((d) => d.kind === kind && d.deviceId !== '')
      .map((d, i) => ({ id: d.deviceId, label: d.label || `${fallback} ${i + 1}` }));
  return {
    cameras: pick('videoinput', 'Camera'),
    microphones: pick('audioinput', 'Microphone'),
    speakers: pick('audiooutput', 'Speaker'),
  };
}

/** getUserMedia's errors, as what failed, why, and what to do. */
export function describeMediaError(error: unknown): string {
  const name = error instanceof DOMException ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
      return 'Camera and microphone are blocked: access was denied. Allow Traverse to use them in your system privacy settings, then try again.';
    case 'NotFoundError':
      return 'No camera or microphone was found. Connect one, or check that it is enabled, then try again.';
    case 'NotReadableError':
      return 'The camera or microphone is busy: another application is probably using it. Close that application, then try again.';
    case 'OverconstrainedError':
      return 'The chosen device is no longer available. Pick another camera or microphone.';
    default:
      return `Could not open the camera or microphone (${errorMessage(error)}). Check your devices and try again.`;
  }
}
