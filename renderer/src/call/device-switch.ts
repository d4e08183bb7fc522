/**
 * Another camera or microphone during a call: the new device is opened, its
 * track takes the old one's place in the local stream and on every sender
 * (each mesh link's, or our publisher's on the SFU) (RTCRtpSender.replaceTrack: no renegotiation, nothing the others
 * need to do), keeps the old track's on/off (mute, camera off), and the old
 * track is stopped. device-watch.ts uses it when a device in use goes away.
 */
import { openTrack } from './local-media';

export type DeviceKind = 'audio' | 'video';

/** Something that sends our tracks: a mesh link, or our publisher on the SFU. */
export interface TrackSender {
  /** Another camera or microphone on the same sender: no renegotiation. */
  replaceTrack(old: MediaStreamTrack, next: MediaStreamTrack): Promise<boolean>;
}

export interface DeviceSwitchPort {
  localStream: MediaStream;
  senders(): TrackSender[];
  /** The local stream's tracks changed (the preview shows the new camera). */
  changed(kind: DeviceKind, track: MediaStreamTrack): void;
  /** Opens one device ('' = the default); tests may pass another source. */
  open?(kind: DeviceKind, deviceId: string): Promise<MediaStreamTrack>;
}

export class DeviceSwitch {
  /** Switches run one after another: two quick picks must not both replace the same old track. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly port: DeviceSwitchPort) {}

  /** The track of `kind` sent now. */
  current(kind: DeviceKind): MediaStreamTrack | undefined {
    return this.port.localStream.getTracks().find((t) => t.kind === kind);
  }

  /** Uses `deviceId` ('' = the default) for `kind`; resolves with the new track, rejects when it cannot be opened (the old one stays). */
  use(kind: DeviceKind, deviceId: string): Promise<MediaStreamTrack> {
    const run = this.queue.then(() => this.swap(kind, deviceId));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async swap(kind: DeviceKind, deviceId: string): Promise<MediaStreamTrack> {
    const { localStream } = this.port;
    const old = this.current(kind);
    const next = await (this.port.open ?? openTrack)(kind, deviceId);
    if (old) next.enabled = old.enabled;
    if (old) localStream.removeTrack(old);
    localStream.addTrack(next);
    if (old) await Promise.all(this.port.senders().map((sender) => sender.replaceTrack(old, next)));
    old?.stop();
    this.port.changed(kind, next);
    return next;
  }
}

/** The device a track comes from ('' when the browser does not say). */
export function deviceOf(track: MediaStreamTrack | undefined): string {
  return track?.getSettings().deviceId ?? '';
}
