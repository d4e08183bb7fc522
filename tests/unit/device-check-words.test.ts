/** What the lobby's device check says for each state: what was found, why, the fix, and nothing a state does not show. */
import { describe, expect, it } from 'vitest';
import type { CameraCheck, MicrophoneCheck } from '../../shared/device-check';
import { deviceCheckWords } from '../../shared/device-check-words';

const cameraText = (check: CameraCheck) => deviceCheckWords.camera(check).text;
const micText = (check: MicrophoneCheck) => deviceCheckWords.microphone(check).text;

const CAMERAS: CameraCheck[] = [
  { kind: 'moving', width: 640, height: 480, fps: 30 },
  { kind: 'dark', width: 640, height: 480, fps: 30, brightnessPct: 9 },
  { kind: 'black', width: 1280, height: 720 },
  { kind: 'frozen', width: 640, height: 480, fps: 15, stillMs: 1800 },
  { kind: 'stalled', frames: 1, watchedMs: 2300 },
  { kind: 'no-frames', watchedMs: 3000 },
  { kind: 'off' },
  { kind: 'none' },
  { kind: 'ended' },
  { kind: 'unreadable' },
];
const MICROPHONES: MicrophoneCheck[] = [
  { kind: 'sound', loudestDb: -12 },
  { kind: 'quiet', loudestDb: -62, heardMs: 2000 },
  { kind: 'silent', heardMs: 2000 },
  { kind: 'clipping', clippedPct: 12 },
  { kind: 'no-audio', heardMs: 0 },
  { kind: 'no-audio', heardMs: 400 },
  { kind: 'muted' },
  { kind: 'none' },
  { kind: 'ended' },
];

describe('the device check in words', () => {
  it('a live camera: the picture with its size and rate, good news', () => {
    expect(deviceCheckWords.camera(CAMERAS[0]!)).toEqual({
      text: 'Your camera delivers a live picture (640×480, 30 fps).',
      tone: 'good',
    });
  });

  it('black: only black frames, the likely causes (cover, shutter, another app) and the fix', () => {
    const text = cameraText({ kind: 'black', width: 1280, height: 720 });
    expect(text).toMatch(/^Your camera sends only black frames \(1280×720\): /);
    expect(text).toContain('privacy shutter');
    expect(text).toContain('press Check again');
    expect(deviceCheckWords.camera({ kind: 'black', width: 1, height: 1 }).tone).toBe('problem');
  });

  it('frozen: says frames keep arriving, at their rate, and for how long the picture stayed the same', () => {
    const text = cameraText({ kind: 'frozen', width: 640, height: 480, fps: 15, stillMs: 1800 });
    expect(text).toContain('has not changed for 1.8 s although frames keep arriving (15 fps)');
    expect(text).toContain('Unplug it and plug it back in, or choose another camera');
  });

  it('no frames and few frames are told apart by the count, never called frozen or black', () => {
    expect(cameraText({ kind: 'no-frames', watchedMs: 3000 })).toMatch(/^Your camera sent no picture in 3\.0 s: /);
    expect(cameraText({ kind: 'stalled', frames: 1, watchedMs: 2300 })).toMatch(/only 1 frame in 2\.3 s: /);
    expect(cameraText({ kind: 'stalled', frames: 3, watchedMs: 2300 })).toMatch(/only 3 frames in 2\.3 s: /);
    for (const kind of ['no-frames', 'stalled'] as const) {
      const text = cameraText(kind === 'stalled' ? { kind, frames: 2, watchedMs: 2000 } : { kind, watchedMs: 3000 });
      expect(text).not.toMatch(/black|not changed|live picture/);
    }
  });

  it('dark: a live picture, said so, with its brightness and a light to turn on', () => {
    const text = cameraText({ kind: 'dark', width: 640, height: 480, fps: 30, brightnessPct: 9 });
    expect(text).toContain('a live picture (640×480, 30 fps), but a very dark one (brightness 9 %)');
  });

  it('a camera not watched says why (Camera off, none, ended, unreadable), never a verdict on its picture', () => {
    expect(cameraText({ kind: 'off' })).toBe('Your camera is off (Camera off), so it was not checked.');
    expect(cameraText({ kind: 'none' })).toBe('No camera is open, so none was checked.');
    for (const check of [{ kind: 'off' }, { kind: 'none' }, { kind: 'unreadable' }] as const) {
      expect(deviceCheckWords.camera(check).tone).toBe('unchecked');
      expect(cameraText(check)).not.toMatch(/black|frozen|not changed|live picture/);
    }
    expect(deviceCheckWords.camera({ kind: 'ended' }).tone).toBe('problem');
  });

  it('the microphone: sound; faint; nothing at all; too loud; each with its cause and fix', () => {
    expect(deviceCheckWords.microphone({ kind: 'sound', loudestDb: -12 })).toEqual({
      text: 'Your microphone hears sound.',
      tone: 'good',
    });
    expect(micText({ kind: 'quiet', loudestDb: -62, heardMs: 2000 })).toMatch(
      /^Your microphone is on but heard only faint sound in 2\.0 s \(loudest -62 dBFS\)\. Say something/,
    );
    const silent = micText({ kind: 'silent', heardMs: 2000 });
    expect(silent).toMatch(/^Your microphone hears nothing, not even room noise \(2\.0 s of silence\): /);
    expect(silent).toContain('muted on the device');
    expect(micText({ kind: 'clipping', clippedPct: 12 })).toMatch(/full scale in 12 % of the check.*Lower its input/);
  });

  it('a microphone not heard says why: Mute, none open, or its sound never reached the check', () => {
    expect(micText({ kind: 'muted' })).toBe('Mute is on, so the microphone was not checked.');
    expect(micText({ kind: 'no-audio', heardMs: 0 })).toContain('could not be checked: none of its sound');
    expect(micText({ kind: 'no-audio', heardMs: 400 })).toContain('could not be checked: only 0.4 s of its sound');
    expect(deviceCheckWords.microphone({ kind: 'muted' }).tone).toBe('unchecked');
    expect(micText({ kind: 'muted' })).not.toMatch(/hears|silent|nothing/);
  });

  it('every state has one sentence, complete, ending in a full stop', () => {
    const texts = [...CAMERAS.map(cameraText), ...MICROPHONES.map(micText)];
    expect(new Set(texts).size).toBe(texts.length);
    for (const text of texts) {
      expect(text).toMatch(/^[A-Z].*\.$/);
      expect(text).not.toMatch(/undefined|NaN|Infinity|\[object/);
    }
  });

  it('while checking, names only what it watches', () => {
    expect(deviceCheckWords.checking(true, true)).toBe('Checking your camera and microphone…');
    expect(deviceCheckWords.checking(true, false)).toBe('Checking your camera…');
    expect(deviceCheckWords.checking(false, true)).toBe('Checking your microphone…');
  });
});
