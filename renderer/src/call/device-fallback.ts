/**
 * Which device takes over when one in use goes away, and what to tell the
 * person: pure, from the devices in use (camera and microphone tracks, the
 * chosen speaker) and the list enumerateDevices() gives after a
 * `devicechange`. The default device takes over: for a microphone or speaker
 * the one the system lists as "default", for a camera the first one listed.
 */
import { deviceWords, type DeviceRole, type GoneWhy } from '../../../shared/device-words';

/** A camera ('video') or microphone ('audio'): device-switch.ts's DeviceKind, kept here so this file stands alone. */
type DeviceKind = 'audio' | 'video';

/** A camera or microphone track the call sends now. */
export interface InUse {
  kind: DeviceKind;
  deviceId: string;
  label: string;
  /** The track ended by itself (Chromium ends it when its device is unplugged). */
  ended: boolean;
}

/** The speaker remote people play on ('' = the system default, which never goes away). */
export interface ChosenSpeaker {
  deviceId: string;
  label: string;
}

/** What enumerateDevices() says of one device. */
export type ListedDevice = Pick<MediaDeviceInfo, 'kind' | 'deviceId' | 'label'>;

export interface FallbackStep {
  kind: DeviceKind | 'speaker';
  role: DeviceRole;
  /** The name of the device that went away. */
  was: string;
  why: GoneWhy;
  /** The device to use instead (its id; '' for the system's default speaker), or null: none is left. */
  target: ListedDevice | null;
  /** What to tell the person once the target is in use (or, without a target, that none is left). */
  said: string;
}

const ROLE: Record<DeviceKind, DeviceRole> = { audio: 'microphone', video: 'camera' };
const LIST_KIND: Record<DeviceKind | 'speaker', MediaDeviceKind> = {
  audio: 'audioinput',
  video: 'videoinput',
  speaker: 'audiooutput',
};

/** The default among `candidates` of one kind: the one listed as "default", else the first. */
function defaultOf(candidates: ListedDevice[]): ListedDevice | null {
  return candidates.find((d) => d.deviceId === 'default') ?? candidates[0] ?? null;
}

function cameraOrMicrophone(use: InUse, listed: ListedDevice[]): FallbackStep | null {
  const ofKind = listed.filter((d) => d.kind === LIST_KIND[use.kind] && d.deviceId !== '');
  const stillListed = use.deviceId === '' || ofKind.some((d) => d.deviceId === use.deviceId);
  if (stillListed && !use.ended) return null;
  const why: GoneWhy = stillListed ? 'ended' : 'unlisted';
  const role = ROLE[use.kind];
  const target = defaultOf(ofKind.filter((d) => d.deviceId !== use.deviceId));
  const said = target
    ? deviceWords.replaced(role, use.label, why, target.label)
    : deviceWords.noneLeft(role, use.label, why);
  return { kind: use.kind, role, was: use.label, why, target, said };
}

function speaker(chosen: ChosenSpeaker, listed: ListedDevice[]): FallbackStep | null {
  if (chosen.deviceId === '') return null;
  const outputs = listed.filter((d) => d.kind === 'audiooutput');
  // A browser that lists no outputs at all (no permission, or none it will name) says nothing about this one.
  if (outputs.length === 0 || outputs.some((d) => d.deviceId === chosen.deviceId)) return null;
  // The system default output: setSinkId('') follows it wherever it goes.
  const label = outputs.find((d) => d.deviceId === 'default')?.label ?? '';
  const target = { kind: LIST_KIND.speaker, deviceId: '', label };
  const said = deviceWords.replaced('speaker', chosen.label, 'unlisted', label);
  return { kind: 'speaker', role: 'speaker', was: chosen.label, why: 'unlisted', target, said };
}

/** What to switch, kind by kind (camera, microphone, then speaker); empty when everything in use is still there. */
export function planFallback(inUse: InUse[], chosenSpeaker: ChosenSpeaker, listed: ListedDevice[]): FallbackStep[] {
  const steps = inUse.map((use) => cameraOrMicrophone(use, listed));
  return [...steps, speaker(chosenSpeaker, listed)].filter((step) => step !== null);
}
