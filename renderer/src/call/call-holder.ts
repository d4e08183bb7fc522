/**
 * Holds the current Call (one per Join) and what the lobby has before one:
 * the camera preview, the pre-opened signaling connection and the invite the
 * main process was given. The commands in call-controller.ts delegate here;
 * the store is where the UI reads what happens.
 */
import { bridge } from '../bridge';
import { LobbyConnection } from '../signaling/lobby-connection';
import { SignalingRefused } from '../signaling/socket-signaling';
import { selectAnyRelayed, selectCallSummaries, selectHintSettings, useStore } from '../store';
import { Call } from './call';
import { IceWarm } from './ice-warm';
import { CallSetupMarks } from './setup-marks';
import { callEvents } from './call-events';
import { describeMediaError, listDevices, openLocalMedia } from './local-media';
import type { DeviceKind } from './device-switch';
import { chosenSpeaker, mediaEvents, watchSpeaking } from './media-events';
import type { MediaStreams } from './media-streams';
import { errorMessage } from '../../../shared/error-message';

/** True when the stream is live and uses the chosen devices ('' means any). */
function matchesChoice(stream: MediaStream, cameraId: string, microphoneId: string): boolean {
  const uses = (track: MediaStreamTrack | undefined, id: string) =>
    track !== undefined && track.readyState === 'live' && (id === '' || track.getSettings().deviceId === id);
  return uses(stream.getVideoTracks()[0], cameraId) && uses(stream.getAudioTracks()[0], microphoneId);
}

/** Opening the speaking analysers' AudioContext takes tens of ms: not while the first link is being set up. */
const SPEAKING_AFTER_MS = 1_500;

/** True when any link runs through a TURN relay, or relay-only is on. */
function isRelayed(): boolean {
  const state = useStore.getState();
  return state.settings?.relayOnly === true || selectAnyRelayed(state);
}

export class CallHolder {
  readonly lobby = new LobbyConnection();
  /** The ICE configuration fetched while the preview opens, so Join does not wait for it. */
  private readonly ice = new IceWarm(() => {
    const api = bridge();
    return { get: () => api.getIce(), onUpdated: (listener) => api.onIceUpdated(listener) };
  });
  private current: Call | null = null;
  /** The camera and microphone the lobby shows; handed to the Call at Join. */
  private preview: MediaStream | null = null;
  /** The invite the next Join presents, and the one the main process has for /ice. */
  private invite: string | null = null;
  private sharedInvite: string | null = null;
  /** Bumped by every preview opened and by Join: a capture that finishes opening after a newer one, or after Join took the preview, is stopped. */
  private previewGeneration = 0;
  /** Who is speaking, while a call runs (started once the setup is done: its AudioContext takes a while to open). */
  private speaking: { close(): void } | null = null;
  private speakingTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly media: MediaStreams) {}

  private get local(): MediaStream | null {
    return this.current?.localStream ?? this.preview;
  }

  /** Opens camera and microphone for the preview with the chosen devices, unless they already are. */
  async startPreview(): Promise<void> {
    const store = useStore.getState();
    // Never swap the stream under a live call: the links send these very tracks.
    if (this.current) return;
    this.ice.warm();
    if (this.preview && matchesChoice(this.preview, store.cameraId, store.microphoneId)) return;
    const generation = ++this.previewGeneration;
    try {
      const stream = await openLocalMedia(store.cameraId, store.microphoneId);
      // A newer preview, or Join, came while this capture opened: the call sends the stream Join
      // took, and this one would stop it or show a picture nobody receives (and keep the camera busy).
      if (this.current || generation !== this.previewGeneration) {
        for (const track of stream.getTracks()) track.stop();
        return;
      }
      this.stopPreview();
      this.preview = stream;
      this.applySwitches();
      this.media.set('local', stream);
      store.setMediaError(null);
      await this.refreshDevices(stream);
    } catch (error) {
      store.setMediaError(describeMediaError(error));
    }
  }

  /** The device lists for the pickers; the choice follows the devices `stream` uses when none is made yet. */
  private async refreshDevices(stream: MediaStream | null): Promise<void> {
    const store = useStore.getState();
    const { cameras, microphones, speakers } = await listDevices();
    const used = (kind: 'video' | 'audio') =>
      stream
        ?.getTracks()
        .find((t) => t.kind === kind)
        ?.getSettings().deviceId ?? '';
    store.setDevices(cameras, microphones);
    store.setSpeakers(speakers);
    if (!store.cameraId) store.chooseCamera(used('video'));
    if (!store.microphoneId) store.chooseMicrophone(used('audio'));
  }

  private stopPreview(): void {
    for (const track of this.preview?.getTracks() ?? []) track.stop();
    this.preview = null;
    this.media.set('local', null);
  }

  applySwitches(): void {
    const { muted, cameraOff } = useStore.getState();
    if (this.current) return this.current.media.setSwitches(muted, cameraOff);
    for (const track of this.local?.getAudioTracks() ?? []) track.enabled = !muted;
    for (const track of this.local?.getVideoTracks() ?? []) track.enabled = !cameraOff;
  }

  /** Relay only on or off: saved, and applied to a live call at once. */
  async setRelayOnly(on: boolean): Promise<void> {
    const store = useStore.getState();
    const call = this.current;
    // The live call switches at once, while the setting is saved; a save that fails switches it back.
    call?.setRelayOnly(on, performance.now());
    try {
      store.setSettings(await bridge().setSettings({ relayOnly: on }));
    } catch (error) {
      call?.setRelayOnly(!on);
      store.setNotice(`Could not switch Relay only: ${errorMessage(error)}`);
    }
  }

  /**
   * The invite goes to the next call's signaling connection and to the main
   * process, which presents it to the server's /ice in server mode (both are
   * refused without it when the server has AUTH_SECRET).
   */
  async applyInvite(token: string | null): Promise<void> {
    this.invite = token;
    if (token === this.sharedInvite) return;
    this.ice.forget();
    try {
      await bridge().setIceInvite({ token });
      this.sharedInvite = token;
    } catch (error) {
      useStore.getState().setNotice(`Could not hand the invite to the ICE service: ${errorMessage(error)}`);
    }
  }

  async join(name: string, roomName: string): Promise<void> {
    const store = useStore.getState();
    const marks = new CallSetupMarks();
    store.setNotice(null);
    if (!this.preview) await this.startPreview();
    this.previewGeneration += 1; // a preview still opening must not replace (and stop) the stream this call takes
    marks.mark('media-ready');
    const stream = this.preview;
    if (!stream || this.current) return;
    store.setPhase('joining', roomName);
    const api = bridge();
    // The servers were fetched in the lobby (ice-warm.ts); the settings are read fresh (they may change outside this page).
    const pending = Promise.all([this.ice.take(), api.getSettings()]);
    pending.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
    let call: Call | null = null;
    try {
      const signalingUrl = store.appInfo?.signalingUrl ?? (await api.appInfo()).signalingUrl;
      this.preview = null; // the call owns the stream now
      call = new Call({
        signalingUrl,
        invite: this.invite,
        localStream: stream,
        events: callEvents(this.media),
        connect: (url, invite, events) => this.lobby.take(url, invite, events),
        ice: { get: () => api.getIce(), onUpdated: (listener) => api.onIceUpdated(listener) },
        network: (listener) => api.onNetworkChange(listener),
        isRelayed,
        onServers: (kinds) => useStore.getState().setCallServers(kinds),
        setup: marks,
        tileHeight: (id) => useStore.getState().tileHeights[id] ?? null,
        media: {
          initial: { muted: store.muted, cameraOff: store.cameraOff },
          events: mediaEvents(
            this.media,
            () => this.current?.localStream ?? null,
            () => void this.refreshDevices(null),
          ),
          speaker: chosenSpeaker,
        },
      });
      this.current = call;
      const setup = pending.then(([ice, settings]) => {
        store.setSettings(settings);
        store.resetDiagnostics();
        if (ice.error) store.setNotice(`${ice.error.what}: ${ice.error.cause}. ${ice.error.fix}`);
        return { ice, relayOnly: settings.relayOnly };
      });
      await call.join(roomName, name, setup);
      if (this.current !== call) return; // hung up while joining
      this.speakingTimer = setTimeout(() => this.listenForSpeaking(), SPEAKING_AFTER_MS);
      useStore.getState().setSelf(call.id);
      useStore.getState().setCallMode(call.mode);
      useStore.getState().setPhase('in-call', roomName);
      void api.setSettings({ displayName: name });
    } catch (error) {
      if (this.current === call) this.current = null;
      this.stopSpeaking();
      await call?.leave();
      if (!call) this.preview = stream;
      useStore.getState().resetCall();
      useStore.getState().setNotice(describeJoinError(error));
      void this.startPreview(); // the failed call stopped the tracks it was given
    }
  }

  async hangUp(): Promise<void> {
    const call = this.current;
    this.current = null;
    this.stopSpeaking();
    await call?.leave();
    this.media.clearRemote();
    this.media.set('local', null);
    const state = useStore.getState();
    const settings = selectHintSettings(state);
    const summaries = selectCallSummaries(state, settings);
    if (call) state.setLastCall({ room: state.room, endedAt: Date.now(), summaries });
    state.resetDiagnostics();
    state.resetCall();
    state.resetPeerMedia();
  }

  /** A tile showed the first frame of a person's stream: the end of that link's setup. */
  frameShown(remoteId: string, stream: MediaStream, at: number): void {
    this.current?.setup.frameShown(remoteId, stream, at);
    this.listenForSpeaking();
  }

  /** Who is speaking, from the first frame shown (the setup is done) or soon after the join (an empty room). */
  private listenForSpeaking(): void {
    clearTimeout(this.speakingTimer);
    if (this.current && !this.speaking) this.speaking = watchSpeaking(this.media);
  }

  private stopSpeaking(): void {
    clearTimeout(this.speakingTimer);
    this.speaking?.close();
    this.speaking = null;
  }

  /** Starts sharing the screen in the call; a refusal or cancel is said in words. */
  async shareScreen(): Promise<void> {
    const call = this.current;
    if (!call) return;
    try {
      await call.media.screen.start();
    } catch (error) {
      useStore.getState().setNotice(describeShareError(error));
    }
  }

  stopSharing(): void {
    this.current?.media.screen.stop();
  }

  /**
   * Another camera or microphone: in a call the new device's track replaces
   * the old one on every link (no renegotiation); in the lobby the preview reopens.
   */
  async switchDevice(kind: DeviceKind, deviceId: string): Promise<void> {
    const store = useStore.getState();
    const choose = (id: string) => (kind === 'video' ? store.chooseCamera(id) : store.chooseMicrophone(id));
    const call = this.current;
    if (!call) {
      choose(deviceId);
      return this.startPreview();
    }
    try {
      await call.media.devices.use(kind, deviceId);
      choose(deviceId);
    } catch (error) {
      store.setNotice(
        `${describeMediaError(error)} The call keeps the ${kind === 'video' ? 'camera' : 'microphone'} it had.`,
      );
    }
  }
}

function describeShareError(error: unknown): string {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError')
    return 'Screen sharing did not start: it was cancelled or not allowed. Press Share screen again and pick a screen or window; on macOS, allow screen recording for Traverse in System Settings.';
  if (name === 'NotFoundError') return 'Screen sharing did not start: no screen or window could be captured.';
  return `Screen sharing did not start (${errorMessage(error)}). Try again.`;
}

function describeJoinError(error: unknown): string {
  if (error instanceof SignalingRefused) return error.message;
  const text = errorMessage(error);
  if (/timed out/i.test(text)) {
    return 'The signaling server did not answer in time: it may be overloaded or unreachable. Try again, or check the signaling server address in Settings.';
  }
  return text;
}
