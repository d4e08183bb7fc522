/**
 * Keeps a call on devices that exist: on `devicechange`, and when a track
 * ends by itself (Chromium ends it when its device is unplugged), it reads the
 * device list, plans the fallback (device-fallback.ts), switches through the
 * DeviceSwitch (replaceTrack on every link, no renegotiation) and tells the
 * person in one notice. Checks run one after another, so the `ended` and the
 * `devicechange` of one unplug switch once.
 */
import { deviceWords } from '../../../shared/device-words';
import { errorMessage } from '../../../shared/error-message';
import { planFallback, type ChosenSpeaker, type FallbackStep, type InUse, type ListedDevice } from './device-fallback';
import { deviceOf, type DeviceKind, type DeviceSwitch } from './device-switch';

export interface DeviceWatchPort {
  devices: DeviceSwitch;
  /** navigator.mediaDevices.enumerateDevices, unless the call was given another list. */
  enumerate(): Promise<ListedDevice[]>;
  /** The speaker chosen now ('' = the system default). */
  speaker(): ChosenSpeaker;
  /** Remote sound moves to this output ('' = the system default). */
  useSpeaker(deviceId: string): void;
  /** The devices plugged in changed (the pickers list them again). */
  devicesChanged(): void;
  notice(message: string): void;
}

export class DeviceWatch {
  private checking: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly onDeviceChange = () => this.check(true);

  constructor(private readonly port: DeviceWatchPort) {
    navigator.mediaDevices.addEventListener('devicechange', this.onDeviceChange);
  }

  /** A track the call sends: its end starts a check while it is still the one in use. */
  watch(track: MediaStreamTrack): void {
    track.addEventListener('ended', () => {
      if (this.port.devices.current(track.kind as DeviceKind) === track) this.check(false);
    });
  }

  private check(listChanged: boolean): void {
    if (this.closed) return;
    // Read before the pickers refresh: their new list drops a speaker that is gone.
    const speaker = this.port.speaker();
    if (listChanged) this.port.devicesChanged();
    this.checking = this.checking
      .then(() => this.run(speaker))
      .catch((error: unknown) => this.port.notice(`Could not check the devices in use: ${errorMessage(error)}`));
  }

  private inUse(): InUse[] {
    return (['video', 'audio'] as const).flatMap((kind) => {
      const track = this.port.devices.current(kind);
      return track
        ? [{ kind, deviceId: deviceOf(track), label: track.label, ended: track.readyState === 'ended' }]
        : [];
    });
  }

  private async run(speaker: ChosenSpeaker): Promise<void> {
    if (this.closed) return;
    const steps = planFallback(this.inUse(), speaker, await this.port.enumerate());
    const said: string[] = [];
    for (const step of steps) if (!this.closed) said.push(await this.apply(step));
    if (said.length > 0 && !this.closed) this.port.notice(said.join(' '));
  }

  /** Switches to the step's target; returns what to tell the person. */
  private async apply(step: FallbackStep): Promise<string> {
    const { kind, target } = step;
    if (!target) return step.said;
    if (kind === 'speaker') {
      this.port.useSpeaker(target.deviceId);
      return step.said;
    }
    try {
      await this.port.devices.use(kind, target.deviceId);
      return step.said;
    } catch (error) {
      return deviceWords.openFailed(step.role, step.was, step.why, target.label, errorMessage(error));
    }
  }

  close(): void {
    this.closed = true;
    navigator.mediaDevices.removeEventListener('devicechange', this.onDeviceChange);
  }
}
