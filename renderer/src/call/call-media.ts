/**
 * A call's media beside its links: our media state to everyone (and theirs
 * to the store), our screen share, device switches mid-call, and falling back
 * to the default device when the one in use disappears. The Room calls it for
 * every link it makes and every media-state message (RoomMedia); the Call
 * owns it and closes it on leave().
 */
import type { MediaState, SignalData } from '../../../shared/signaling';
import type { ChosenSpeaker, ListedDevice } from './device-fallback';
import { DeviceSwitch, type DeviceKind, type TrackSender } from './device-switch';
import { DeviceWatch } from './device-watch';
import { MediaStates } from './media-state';
import type { MediaLink } from './link';
import type { RoomMedia } from './room-options';
import { ScreenShare } from './screen-share';

export interface CallMediaEvents {
  /** A person's media state, as they announced it. */
  peerMedia(id: string, state: MediaState): void;
  /** Our share started (its stream) or ended (null). */
  sharing(stream: MediaStream | null): void;
  /** The local stream now sends another device's track. */
  localTrack(kind: DeviceKind, track: MediaStreamTrack): void;
  /** The devices plugged in changed (for the pickers). */
  devicesChanged(): void;
  /** Something a person should read (a device fell back to the default). */
  notice(message: string): void;
  /** The chosen speaker went away: remote sound moves to this output ('' = the system default). */
  speakerFallback?(deviceId: string): void;
}

export interface CallMediaSetup {
  /** Mute and camera off as the call starts. */
  initial: { muted: boolean; cameraOff: boolean };
  events: CallMediaEvents;
  /** Stand-ins for getDisplayMedia / getUserMedia of one device where a test needs another source. */
  capture?: () => Promise<MediaStream>;
  open?: (kind: DeviceKind, deviceId: string) => Promise<MediaStreamTrack>;
  /** The device list after a `devicechange` (default: navigator.mediaDevices.enumerateDevices). */
  enumerate?: () => Promise<ListedDevice[]>;
  /** The speaker chosen now, to fall back from when it goes away (default: the system's, which never does). */
  speaker?: () => ChosenSpeaker;
}

/** What the media needs of the call's links: who is in the call, what sends our tracks, a way to reach one person. */
export interface MediaRoomPort {
  /** The mesh's links (screen shares go on them); none on the SFU. */
  connections(): MediaLink[];
  /** Everyone in the call: they hear our media state. */
  peers(): string[];
  /** What sends our camera and microphone: each link in a mesh, our publisher on the SFU. */
  senders(): TrackSender[];
  send(remoteId: string, data: SignalData): void;
  /** Our screen share began or ended (null): on the SFU it is published as a feed of its own. */
  screen?(stream: MediaStream | null): void;
}

export class CallMedia implements RoomMedia {
  readonly screen: ScreenShare;
  readonly devices: DeviceSwitch;
  private readonly states: MediaStates;
  private readonly watch: DeviceWatch;
  private room: MediaRoomPort | null = null;
  private closed = false;

  constructor(
    private readonly localStream: MediaStream,
    private readonly setup: CallMediaSetup,
  ) {
    const links = () => this.room?.connections() ?? [];
    this.states = new MediaStates(
      { ...setup.initial, screen: null },
      {
        send: (to, data) => this.room?.send(to, data),
        peers: () => this.room?.peers() ?? [],
        heard: (id, state) => setup.events.peerMedia(id, state),
      },
    );
    this.screen = new ScreenShare({
      links,
      changed: (stream) => {
        this.states.update({ screen: stream?.id ?? null });
        this.room?.screen?.(stream);
        setup.events.sharing(stream);
      },
      ...(setup.capture ? { capture: setup.capture } : {}),
    });
    this.devices = new DeviceSwitch({
      localStream,
      senders: () => this.room?.senders() ?? [],
      changed: (kind, track) => {
        this.watch.watch(track);
        setup.events.localTrack(kind, track);
      },
      ...(setup.open ? { open: setup.open } : {}),
    });
    this.watch = new DeviceWatch({
      devices: this.devices,
      enumerate: setup.enumerate ?? (() => navigator.mediaDevices.enumerateDevices()),
      speaker: setup.speaker ?? (() => ({ deviceId: '', label: '' })),
      useSpeaker: (id) => setup.events.speakerFallback?.(id),
      devicesChanged: () => setup.events.devicesChanged(),
      notice: (message) => setup.events.notice(message),
    });
    for (const track of localStream.getTracks()) this.watch.watch(track);
  }

  /** The Room these links belong to (made after this object, which the Room is given). */
  bind(room: MediaRoomPort): void {
    this.room = room;
  }

  get state(): MediaState {
    return this.states.current;
  }

  /** Mute and camera off: applied to the tracks, and everyone hears of it. */
  setSwitches(muted: boolean, cameraOff: boolean): void {
    for (const track of this.localStream.getAudioTracks()) track.enabled = !muted;
    for (const track of this.localStream.getVideoTracks()) track.enabled = !cameraOff;
    this.states.update({ muted, cameraOff });
  }

  linkMade(remoteId: string, link: MediaLink): void {
    if (this.closed) return;
    // The state first: it names the share's stream before the offer that carries it.
    this.states.greet(remoteId, link);
    this.screen.attach(link);
  }

  personJoined(remoteId: string): void {
    if (!this.closed) this.states.tell(remoteId);
  }

  received(from: string, state: MediaState, links: MediaLink[]): void {
    if (!this.closed) this.states.received(from, state, links);
  }

  peerGone(remoteId: string): void {
    this.states.forget(remoteId);
  }

  close(): void {
    this.closed = true;
    this.watch.close();
    this.screen.close();
  }
}
