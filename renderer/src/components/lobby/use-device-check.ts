/**
 * The lobby's device check as the UI shows it: watches the preview's camera and microphone once
 * per pair of tracks (so again when another device is chosen), per Mute / Camera off state and
 * per "Check again"; a device switched off or missing is said as such, not watched. The sampling
 * of a run stops when its inputs change or the lobby unmounts.
 */
import { useEffect, useState } from 'react';
import type { CameraCheck, MicrophoneCheck } from '../../../../shared/device-check';
import { deviceCheckWords, type CheckLine } from '../../../../shared/device-check-words';
import { checkCamera, checkMicrophone } from './device-check-run';
import type { MicTap } from './mic-tap';

export interface DeviceCheckInputs {
  stream: MediaStream | null;
  /** The preview microphone's tap (null until it opens, or without a microphone). */
  tap: MicTap | null;
  muted: boolean;
  cameraOff: boolean;
  /** Opening the camera and microphone failed (the lobby says why). */
  failed: boolean;
}

export interface DeviceCheckView {
  /** "Checking your camera and microphone…" while watching, else null. */
  checking: string | null;
  /** One line per device once known (or one saying why nothing was checked). */
  lines: CheckLine[];
  again: () => void;
}

/**
 * Watches `subject` with `check` once per watch: a watch starts when the subject appears (again:
 * after Mute or Camera off, the same track is watched anew) and with each run. A result counts
 * only for the watch it was taken in; a new watch or unmounting aborts the one in progress.
 */
function useWatched<S extends object, T>(
  subject: S | null,
  run: number,
  check: (subject: S, signal: AbortSignal) => Promise<T>,
): T | null {
  // Counted during render (React's pattern for state that follows a prop): null -> track is a new watch.
  const [watch, setWatch] = useState({ subject, count: 0 });
  if (watch.subject !== subject) setWatch({ subject, count: watch.count + 1 });
  const id = `${watch.count}:${run}`;
  const [result, setResult] = useState<{ id: string; value: T } | null>(null);
  useEffect(() => {
    if (!subject) return;
    const controller = new AbortController();
    void check(subject, controller.signal).then((value) => {
      if (!controller.signal.aborted) setResult({ id, value });
    });
    return () => controller.abort();
  }, [subject, id, check]);
  return subject && result?.id === id ? result.value : null;
}

/** What each device gets: watched, or a state said without watching. */
function plan({ stream, muted, cameraOff }: DeviceCheckInputs) {
  const video = stream?.getVideoTracks()[0] ?? null;
  const audio = stream?.getAudioTracks()[0] ?? null;
  const camera: CameraCheck | 'watch' = cameraOff ? { kind: 'off' } : video ? 'watch' : { kind: 'none' };
  const microphone: MicrophoneCheck | 'watch' = muted ? { kind: 'muted' } : audio ? 'watch' : { kind: 'none' };
  return { video, audio, camera, microphone };
}

export function useDeviceCheck(inputs: DeviceCheckInputs): DeviceCheckView {
  const [run, setRun] = useState(0);
  const { video, audio, camera, microphone } = plan(inputs);
  const { tap } = inputs;
  const watchCamera = camera === 'watch' ? video : null;
  // The microphone is heard only through the tap, which opens a render after the stream arrives.
  const watchMicrophone = microphone === 'watch' && tap?.track === audio ? tap : null;
  // Each device on its own: Mute does not check the camera again, nor Camera off the microphone.
  const cameraDone = useWatched(watchCamera, run, checkCamera);
  const microphoneDone = useWatched(watchMicrophone, run, checkMicrophone);

  const again = () => setRun((n) => n + 1);
  if (!inputs.stream) {
    const text = inputs.failed ? deviceCheckWords.notOpen : deviceCheckWords.opening;
    return { checking: inputs.failed ? null : text, lines: inputs.failed ? [{ text, tone: 'unchecked' }] : [], again };
  }
  // A device not watched is said at once, beside the one still being watched.
  const cameraCheck = camera === 'watch' ? cameraDone : camera;
  const microphoneCheck = microphone === 'watch' ? microphoneDone : microphone;
  const lines = [
    cameraCheck ? deviceCheckWords.camera(cameraCheck) : null,
    microphoneCheck ? deviceCheckWords.microphone(microphoneCheck) : null,
  ].filter((line) => line !== null);
  const cameraPending = camera === 'watch' && !cameraDone;
  const microphonePending = microphone === 'watch' && !microphoneDone;
  const checking =
    cameraPending || microphonePending ? deviceCheckWords.checking(cameraPending, microphonePending) : null;
  return { checking, lines, again };
}
