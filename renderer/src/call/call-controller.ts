/**
 * The calling commands the UI triggers: preview, invite, join, hang up, mute,
 * camera, Relay only. Each delegates to the app's CallHolder (app-context.ts),
 * which holds the current Call; the store is where the UI reads the result.
 */
import { app } from '../app-context';
import { useStore } from '../store';

export function setRelayOnly(on: boolean): Promise<void> {
  return app.calls.setRelayOnly(on);
}

export function startPreview(): Promise<void> {
  return app.calls.startPreview();
}

export function setMuted(muted: boolean): void {
  useStore.getState().setMuted(muted);
  app.calls.applySwitches();
}

export function setCameraOff(off: boolean): void {
  useStore.getState().setCameraOff(off);
  app.calls.applySwitches();
}

export function shareScreen(): Promise<void> {
  return app.calls.shareScreen();
}

export function stopSharing(): void {
  app.calls.stopSharing();
}

/** Another camera ('video') or microphone ('audio'); mid-call without renegotiation. */
export function switchDevice(kind: 'audio' | 'video', deviceId: string): Promise<void> {
  return app.calls.switchDevice(kind, deviceId);
}

/** A tile showed the first frame of a person's video (requestVideoFrameCallback time). */
export function frameShown(remoteId: string, stream: MediaStream, at: number): void {
  app.calls.frameShown(remoteId, stream, at);
}

export function chooseSpeaker(deviceId: string): void {
  useStore.getState().chooseSpeaker(deviceId);
}

export function applyInvite(token: string | null): Promise<void> {
  return app.calls.applyInvite(token);
}

export function join(name: string, roomName: string): Promise<void> {
  return app.calls.join(name, roomName);
}

export async function hangUp(): Promise<void> {
  // Leaving drops every link before the lobby shows: the call view must not say the others left.
  useStore.getState().setHangingUp(true);
  try {
    await app.calls.hangUp();
  } finally {
    useStore.getState().setHangingUp(false);
  }
}
