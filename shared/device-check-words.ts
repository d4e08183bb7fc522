/**
 * What the lobby's device check says: for each device, what was found, the likely cause and the
 * fix. Pure; the verdicts come from device-check.ts, and each sentence holds only for its verdict.
 */
import type { CameraCheck, MicrophoneCheck } from './device-check';

/** good: works; problem: something to fix; unchecked: not looked at, and why. */
export type CheckTone = 'good' | 'problem' | 'unchecked';

export interface CheckLine {
  text: string;
  tone: CheckTone;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const frames = (n: number): string => (n === 1 ? '1 frame' : `${n} frames`);
const AGAIN = 'then press Check again';
const CAMERA_STUCK =
  'another app may be using it, or it has stalled. Close other apps that use the camera, unplug it and plug it back in, or choose another camera';

function cameraText(check: CameraCheck): string {
  switch (check.kind) {
    case 'moving':
      return `Your camera delivers a live picture (${check.width}×${check.height}, ${check.fps} fps).`;
    case 'dark':
      return `Your camera delivers a live picture (${check.width}×${check.height}, ${check.fps} fps), but a very dark one (brightness ${check.brightnessPct} %): others will hardly see your face. Turn on a light in front of you, or face a window.`;
    case 'black':
      return `Your camera sends only black frames (${check.width}×${check.height}): its lens may be covered, its privacy shutter closed, or another app may hold it. Open the shutter or close the other app, ${AGAIN}.`;
    case 'frozen':
      return `Your camera's picture has not changed for ${seconds(check.stillMs)} although frames keep arriving (${check.fps} fps): the camera may have stalled, or it shows a still image. Unplug it and plug it back in, or choose another camera.`;
    case 'stalled':
      return `Your camera delivered only ${frames(check.frames)} in ${seconds(check.watchedMs)}: ${CAMERA_STUCK}.`;
    case 'no-frames':
      return `Your camera sent no picture in ${seconds(check.watchedMs)}: ${CAMERA_STUCK}.`;
    case 'off':
      return 'Your camera is off (Camera off), so it was not checked.';
    case 'none':
      return 'No camera is open, so none was checked.';
    case 'ended':
      return `Your camera stopped before it could be checked (unplugged, or taken by another app). Choose a camera, ${AGAIN}.`;
    case 'unreadable':
      return 'Your camera could not be checked: this browser cannot read its frames.';
  }
}

function microphoneText(check: MicrophoneCheck): string {
  switch (check.kind) {
    case 'sound':
      return 'Your microphone hears sound.';
    case 'quiet':
      return `Your microphone is on but heard only faint sound in ${seconds(check.heardMs)} (loudest ${check.loudestDb} dBFS). Say something and press Check again; if it stays this quiet, raise its input volume in the system settings or move closer to it.`;
    case 'silent':
      return `Your microphone hears nothing, not even room noise (${seconds(check.heardMs)} of silence): it may be muted on the device (a switch or key) or in the system settings. Unmute it there or choose another microphone, ${AGAIN}.`;
    case 'clipping':
      return `Your microphone is too loud: its sound was at full scale in ${check.clippedPct} % of the check, so it will sound distorted. Lower its input volume in the system settings, or move it further from your mouth.`;
    case 'no-audio':
      return `Your microphone could not be checked: ${check.heardMs === 0 ? 'none' : `only ${seconds(check.heardMs)}`} of its sound reached the check (the page may not play audio until you click it). Click the page, ${AGAIN}.`;
    case 'muted':
      return 'Mute is on, so the microphone was not checked.';
    case 'none':
      return 'No microphone is open, so none was checked.';
    case 'ended':
      return `Your microphone stopped before it could be checked (unplugged, or taken by another app). Choose a microphone, ${AGAIN}.`;
  }
}

const GOOD = new Set<string>(['moving', 'sound']);
const UNCHECKED = new Set<string>(['off', 'muted', 'none', 'unreadable']);

function tone(kind: string): CheckTone {
  return GOOD.has(kind) ? 'good' : UNCHECKED.has(kind) ? 'unchecked' : 'problem';
}

export const deviceCheckWords = {
  camera: (check: CameraCheck): CheckLine => ({ text: cameraText(check), tone: tone(check.kind) }),
  microphone: (check: MicrophoneCheck): CheckLine => ({ text: microphoneText(check), tone: tone(check.kind) }),
  /** While the check watches; names only the devices it watches. */
  checking: (camera: boolean, microphone: boolean): string =>
    `Checking your ${camera && microphone ? 'camera and microphone' : camera ? 'camera' : 'microphone'}…`,
  /** The preview is still opening: nothing to watch yet. */
  opening: 'Opening your camera and microphone…',
  /** getUserMedia failed (the lobby shows why): nothing to watch. */
  notOpen: 'Nothing was checked: the camera and microphone did not open.',
};
