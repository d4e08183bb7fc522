/**
 * The calling use cases the UI triggers: preview, join, hang up, mute,
 * camera. Owns the Room and the local stream; reports to the store.
 */
import type { IceConfig } from '../../../shared/ipc';
import { summarizeCall, type HintSettings } from '../../../shared/report';
import { bridge } from '../bridge';
import { useStore } from '../store';
import { followRoomForIce } from './ice-refresh';
import { mediaRegistry } from './media-registry';
import { describeMediaError, listDevices, openLocalMedia } from './local-media';
import { Room } from './room';
import { SignalingRefused, setInvite } from '../signaling/signaling-client';

let room: Room | null = null;
let local: MediaStream | null = null;
/** The ICE configuration the current call started with (credentials stay in this module, never the store); the hints read its URLs. */
let callIce: IceConfig | null = null;

/** What the hints need to know about the configuration, without the credentials. */
export function hintSettings(): HintSettings {
  const urls = (callIce?.iceServers ?? []).flatMap((s) => (Array.isArray(s.urls) ? s.urls : [s.urls]));
  return {
    relayOnly: useStore.getState().settings?.relayOnly === true,
    turnConfigured: urls.some((u) => /^turns?:/.test(u)),
    stunConfigured: urls.some((u) => u.startsWith('stun:')),
  };
}

/** Relay only on or off: saved, and applied to a live call at once (new policy plus ICE restart). */
export async function setRelayOnly(on: boolean): Promise<void> {
  const store = useStore.getState();
  try {
    store.setSettings(await bridge().setSettings({ relayOnly: on }));
    room?.setRelayOnly(on);
  } catch (error) {
    store.setNotice(`Could not switch Relay only: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function stopLocal(): void {
  for (const track of local?.getTracks() ?? []) track.stop();
  local = null;
  mediaRegistry.set('local', null);
}

/** True when the stream is live and uses the chosen devices ('' means any). */
function matchesChoice(stream: MediaStream, cameraId: string, microphoneId: string): boolean {
  const uses = (track: MediaStreamTrack | undefined, id: string) =>
    track !== undefined && track.readyState === 'live' && (id === '' || track.getSettings().deviceId === id);
  return uses(stream.getVideoTracks()[0], cameraId) && uses(stream.getAudioTracks()[0], microphoneId);
}

/** Opens camera and microphone for the preview with the chosen devices, unless they already are. */
export async function startPreview(): Promise<void> {
  const store = useStore.getState();
  // Never swap the stream under a live call: the links send these very tracks.
  if (room) return;
  if (local && matchesChoice(local, store.cameraId, store.microphoneId)) return;
  try {
    const stream = await openLocalMedia(store.cameraId, store.microphoneId);
    stopLocal();
    local = stream;
    applySwitches();
    mediaRegistry.set('local', stream);
    store.setMediaError(null);
    const { cameras, microphones } = await listDevices();
    const used = (kind: 'video' | 'audio') =>
      stream
        .getTracks()
        .find((t) => t.kind === kind)
        ?.getSettings().deviceId ?? '';
    store.setDevices(cameras, microphones);
    if (!store.cameraId) store.chooseCamera(used('video'));
    if (!store.microphoneId) store.chooseMicrophone(used('audio'));
  } catch (error) {
    store.setMediaError(describeMediaError(error));
  }
}

function applySwitches(): void {
  const { muted, cameraOff } = useStore.getState();
  for (const track of local?.getAudioTracks() ?? []) track.enabled = !muted;
  for (const track of local?.getVideoTracks() ?? []) track.enabled = !cameraOff;
}

export function setMuted(muted: boolean): void {
  useStore.getState().setMuted(muted);
  applySwitches();
}

export function setCameraOff(off: boolean): void {
  useStore.getState().setCameraOff(off);
  applySwitches();
}

let sharedInvite: string | null = null;

/**
 * The invite goes to the signaling connection and to the main process, which
 * presents it to the server's /ice in server mode (both are refused without it
 * when the server has AUTH_SECRET).
 */
export async function applyInvite(token: string | null): Promise<void> {
  setInvite(token);
  if (token === sharedInvite) return;
  try {
    await bridge().setIceInvite({ token });
    sharedInvite = token;
  } catch (error) {
    useStore
      .getState()
      .setNotice(
        `Could not hand the invite to the ICE service: ${error instanceof Error ? error.message : String(error)}`,
      );
  }
}

export async function join(name: string, roomName: string): Promise<void> {
  const store = useStore.getState();
  store.setNotice(null);
  if (!local) await startPreview();
  if (!local) return;
  store.setPhase('joining', roomName);
  try {
    const api = bridge();
    // The servers are needed only once the join is acked: fetch them while the socket connects.
    const pending = Promise.all([api.getIce(), api.getSettings()]);
    pending.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
    const info = await api.appInfo();
    const next = new Room({
      signalingUrl: info.signalingUrl,
      configuration: {},
      localStream: local,
      freshConfiguration: async () => {
        const fresh = await api.getIce();
        // A failed refresh falls back to STUN only: keep the servers the call has.
        return fresh.error ? null : { iceServers: fresh.iceServers };
      },
      events: {
        signaling: (state, detail) => useStore.getState().setSignaling(state, detail),
        peerAdded: (peer) => useStore.getState().addPeer(peer.id, peer.name),
        peerRemoved: (id) => {
          useStore.getState().removePeer(id);
          mediaRegistry.set(id, null);
        },
        linkState: (id, state) => useStore.getState().setLink(id, state),
        remoteStream: (id, stream) => mediaRegistry.set(id, stream),
        stats: (id, snapshot, relayed) => useStore.getState().setStats(id, snapshot, relayed),
        diagnostics: (id, data) => useStore.getState().setDiagnostics(id, data),
        problem: (message) => useStore.getState().setNotice(message),
        relayRefused: (message) => useStore.getState().setRelayFallback(message),
      },
    });
    room = next;
    followRoomForIce(next);
    const [ice, settings] = await pending;
    callIce = ice;
    store.setSettings(settings);
    store.resetDiagnostics();
    if (ice.error) store.setNotice(`${ice.error.what}: ${ice.error.cause}. ${ice.error.fix}`);
    // Links are made after the join ack, with this configuration.
    next.setConfiguration({ iceServers: ice.iceServers, iceTransportPolicy: settings.relayOnly ? 'relay' : 'all' });
    await next.join(roomName, name);
    if (room !== next) return; // hung up while joining
    useStore.getState().setSelf(next.id);
    useStore.getState().setPhase('in-call', roomName);
    void api.setSettings({ displayName: name });
  } catch (error) {
    await room?.leave();
    room = null;
    followRoomForIce(null);
    useStore.getState().resetCall();
    useStore.getState().setNotice(describeJoinError(error));
  }
}

export async function hangUp(): Promise<void> {
  const current = room;
  room = null;
  followRoomForIce(null);
  await current?.leave();
  mediaRegistry.clearRemote();
  const state = useStore.getState();
  const settings = hintSettings();
  const summaries = Object.values(state.diagnostics).map((d) => summarizeCall(d, settings));
  if (current) state.setLastCall({ room: state.room, endedAt: Date.now(), summaries });
  state.resetDiagnostics();
  state.resetCall();
}

function describeJoinError(error: unknown): string {
  if (error instanceof SignalingRefused) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  if (/timed out/i.test(message)) {
    return 'The signaling server did not answer in time: it may be overloaded or unreachable. Try again, or check the signaling server address in Settings.';
  }
  return message;
}
