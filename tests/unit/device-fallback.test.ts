/** Which device takes over when one in use goes away mid-call, and the sentence the person reads. */
import { describe, expect, it } from 'vitest';
import { deviceWords } from '../../shared/device-words';
import { planFallback, type InUse, type ListedDevice } from '../../renderer/src/call/device-fallback';

const device = (kind: MediaDeviceKind, deviceId: string, label: string): ListedDevice => ({ kind, deviceId, label });

const CAM_A = device('videoinput', 'cam-a', 'Built-in Camera');
const CAM_B = device('videoinput', 'cam-b', 'Logitech C920');
const MIC_DEFAULT = device('audioinput', 'default', 'Default - Built-in Microphone');
const MIC_A = device('audioinput', 'mic-a', 'Built-in Microphone');
const MIC_B = device('audioinput', 'mic-b', 'USB Headset');
const OUT_DEFAULT = device('audiooutput', 'default', 'Default - Built-in Speakers');
const OUT_A = device('audiooutput', 'out-a', 'Built-in Speakers');
const OUT_B = device('audiooutput', 'out-b', 'USB Headset');
const ALL = [CAM_A, CAM_B, MIC_DEFAULT, MIC_A, MIC_B, OUT_DEFAULT, OUT_A, OUT_B];

const using = (kind: 'audio' | 'video', d: ListedDevice, ended = false): InUse => ({
  kind,
  deviceId: d.deviceId,
  label: d.label,
  ended,
});
const without = (...gone: ListedDevice[]) => ALL.filter((d) => !gone.includes(d));
const SYSTEM_SPEAKER = { deviceId: '', label: '' };

describe('falling back from a device that went away', () => {
  it('nothing to do while every device in use is still listed and live', () => {
    const inUse = [using('video', CAM_B), using('audio', MIC_B)];
    expect(planFallback(inUse, { deviceId: 'out-b', label: OUT_B.label }, ALL)).toEqual([]);
    expect(planFallback(inUse, SYSTEM_SPEAKER, [])).toHaveLength(2); // an empty list: both gone, none left
  });

  it('an unplugged camera: the first camera still listed takes over, and the sentence names both', () => {
    const [step, ...rest] = planFallback(
      [using('video', CAM_B), using('audio', MIC_A)],
      SYSTEM_SPEAKER,
      without(CAM_B),
    );
    expect(rest).toEqual([]);
    expect(step).toMatchObject({ kind: 'video', role: 'camera', why: 'unlisted', target: CAM_A });
    expect(step?.said).toBe(
      'Your camera “Logitech C920” is no longer connected (unplugged or switched off). The call now uses “Built-in Camera”; pick another under Devices if you like.',
    );
  });

  it('an unplugged microphone: the system default microphone, else the first one listed', () => {
    const [step] = planFallback([using('audio', MIC_B)], SYSTEM_SPEAKER, without(MIC_B));
    expect(step).toMatchObject({ kind: 'audio', role: 'microphone', target: MIC_DEFAULT });
    expect(step?.said).toBe(deviceWords.replaced('microphone', 'USB Headset', 'unlisted', MIC_DEFAULT.label));
    const [noDefault] = planFallback([using('audio', MIC_B)], SYSTEM_SPEAKER, without(MIC_B, MIC_DEFAULT));
    expect(noDefault?.target).toEqual(MIC_A);
  });

  it('a track that ended by itself while its device is still listed: another device, and says it stopped working', () => {
    const [step] = planFallback([using('video', CAM_A, true)], SYSTEM_SPEAKER, ALL);
    expect(step).toMatchObject({ why: 'ended', target: CAM_B });
    expect(step?.said).toBe(
      'Your camera “Built-in Camera” stopped working (unplugged, or taken by another application). The call now uses “Logitech C920”; pick another under Devices if you like.',
    );
  });

  it('the only camera unplugged: no target, and the person is told to connect one', () => {
    const [step] = planFallback([using('video', CAM_A)], SYSTEM_SPEAKER, without(CAM_A, CAM_B));
    expect(step?.target).toBeNull();
    expect(step?.said).toBe(
      'Your camera “Built-in Camera” is no longer connected (unplugged or switched off), and no other camera is connected. Connect one, then pick it under Devices.',
    );
  });

  it('the chosen speaker unplugged: sound goes to the system default output, named', () => {
    const steps = planFallback([using('audio', MIC_A)], { deviceId: 'out-b', label: 'USB Headset' }, without(OUT_B));
    expect(steps).toEqual([
      {
        kind: 'speaker',
        role: 'speaker',
        was: 'USB Headset',
        why: 'unlisted',
        target: { kind: 'audiooutput', deviceId: '', label: OUT_DEFAULT.label },
        said: 'Your speaker “USB Headset” is no longer connected (unplugged or switched off). Sound now plays on “Default - Built-in Speakers”; pick another under Devices if you like.',
      },
    ]);
  });

  it('the system default speaker never goes away; a browser that lists no outputs says nothing about the chosen one', () => {
    expect(planFallback([], SYSTEM_SPEAKER, [])).toEqual([]);
    expect(planFallback([], { deviceId: 'out-b', label: 'USB Headset' }, [CAM_A, MIC_A])).toEqual([]);
  });

  it('one headset unplugged: microphone and speaker in one plan, camera untouched; nameless devices still read well', () => {
    const inUse = [using('video', CAM_A), { kind: 'audio' as const, deviceId: 'mic-b', label: '', ended: false }];
    const steps = planFallback(inUse, { deviceId: 'out-b', label: '' }, without(MIC_B, OUT_B));
    expect(steps.map((s) => s.kind)).toEqual(['audio', 'speaker']);
    expect(steps[0]?.said).toMatch(/^Your microphone is no longer connected/);
    expect(steps[1]?.said).toMatch(/^Your speaker is no longer connected/);
  });

  it('a default that cannot be opened is said with the error', () => {
    expect(deviceWords.openFailed('microphone', 'USB Headset', 'unlisted', '', 'NotReadableError')).toBe(
      'Your microphone “USB Headset” is no longer connected (unplugged or switched off), and the default microphone could not be opened (NotReadableError). Connect a microphone, then pick it under Devices.',
    );
  });
});
