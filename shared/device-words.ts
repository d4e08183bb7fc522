/**
 * What a person reads when a camera, microphone or speaker in use goes away
 * mid-call, and what the call did about it. Pure; renderer/src/call/device-fallback.ts
 * decides what happened and picks the sentence here.
 */

export type DeviceRole = 'camera' | 'microphone' | 'speaker';

/** Why the device no longer serves the call. */
export type GoneWhy = 'unlisted' | 'ended';

/** “Your camera “Logitech C920”” (or just “Your camera” when the browser gave no name). */
function yours(role: DeviceRole, label: string): string {
  return label ? `Your ${role} “${label}”` : `Your ${role}`;
}

function gone(role: DeviceRole, label: string, why: GoneWhy): string {
  return why === 'unlisted'
    ? `${yours(role, label)} is no longer connected (unplugged or switched off)`
    : `${yours(role, label)} stopped working (unplugged, or taken by another application)`;
}

const PICK = 'pick another under Devices if you like';

/** “Built-in Camera”, or the words given when the browser names none. */
function named(label: string, otherwise: string): string {
  return label ? `“${label}”` : otherwise;
}

export const deviceWords = {
  /** The call now sends (or plays on) `now` instead. */
  replaced: (role: DeviceRole, was: string, why: GoneWhy, now: string): string =>
    role === 'speaker'
      ? `${gone(role, was, why)}. Sound now plays on ${named(now, 'the system default output')}; ${PICK}.`
      : `${gone(role, was, why)}. The call now uses ${named(now, `the default ${role}`)}; ${PICK}.`,
  /** No other device of this kind is listed: nothing to fall back to. */
  noneLeft: (role: DeviceRole, was: string, why: GoneWhy): string =>
    `${gone(role, was, why)}, and no other ${role} is connected. Connect one, then pick it under Devices.`,
  /** The fallback device was listed but could not be opened. */
  openFailed: (role: DeviceRole, was: string, why: GoneWhy, target: string, error: string): string =>
    `${gone(role, was, why)}, and ${named(target, `the default ${role}`)} could not be opened (${error}). Connect a ${role}, then pick it under Devices.`,
};
