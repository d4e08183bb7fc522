/**
 * Before a call: name, room, an invite when the server needs one, devices with a live
 * preview, a microphone level and the device check, how the call starts (Mute, Camera off,
 * Relay only), and Join.
 */
import { useEffect, useState, type SyntheticEvent } from 'react';
import { errorMessage } from '../../../shared/error-message';
import { applyInvite, join, startPreview } from '../call/call-controller';
import { useStream } from '../call/media-registry';
import { useStore } from '../store';
import { DevicePicker } from './DevicePicker';
import { Icon } from './Icon';
import { LastCallCard } from './LastCallCard';
import { VideoView } from './VideoView';
import { ownInvite } from './hosting/own-invite';
import { randomRoomName } from './hosting/room-name';
import { WhoCanJoin } from './hosting/WhoCanJoin';
import { DeviceCheck } from './lobby/DeviceCheck';
import { InviteField } from './lobby/InviteField';
import { LobbyConnectionTest } from './lobby/LobbyConnectionTest';
import { checkJoin } from './lobby/join-check';
import { MicLevelMeter } from './lobby/MicLevelMeter';
import { useMicTap } from './lobby/mic-tap';
import { StartSwitches } from './lobby/StartSwitches';
import { useInviteDraft } from './lobby/use-invite-draft';
import { useSignalingWarmup } from './lobby/use-signaling-warmup';

function Preview() {
  const mediaError = useStore((s) => s.mediaError);
  // One AudioContext on the preview's microphone, for the meter and the device check alike.
  const tap = useMicTap(useStream('local'));
  return (
    <section className="preview" aria-label="Preview">
      <VideoView streamKey="local" muted label="Your camera preview" />
      <MicLevelMeter tap={tap} />
      {mediaError && (
        <p className="error" role="alert">
          {mediaError}
        </p>
      )}
      <DeviceCheck tap={tap} />
      <LastCallCard />
    </section>
  );
}

function Devices() {
  const cameras = useStore((s) => s.cameras);
  const microphones = useStore((s) => s.microphones);
  const cameraId = useStore((s) => s.cameraId);
  const microphoneId = useStore((s) => s.microphoneId);
  const chooseCamera = useStore((s) => s.chooseCamera);
  const chooseMicrophone = useStore((s) => s.chooseMicrophone);
  // The preview follows the chosen devices (startPreview does nothing when they are already open).
  useEffect(() => {
    void startPreview();
  }, [cameraId, microphoneId]);
  return (
    <>
      <DevicePicker label="Camera" devices={cameras} value={cameraId} onChange={chooseCamera} />
      <DevicePicker label="Microphone" devices={microphones} value={microphoneId} onChange={chooseMicrophone} />
    </>
  );
}

function NameAndRoom({ name, room }: { name: string; room: string }) {
  const setDraft = useStore((s) => s.setDraft);
  // A new room gets a name nobody can guess; a person can still type one.
  useEffect(() => {
    if (!useStore.getState().draft.room) setDraft({ room: randomRoomName() });
  }, [setDraft]);
  return (
    <>
      <div className="field">
        <label htmlFor="display-name">Display name</label>
        <input
          id="display-name"
          value={name}
          onChange={(e) => setDraft({ name: e.target.value })}
          autoComplete="nickname"
          maxLength={40}
        />
      </div>
      <div className="field">
        <label htmlFor="room">Room</label>
        <input id="room" value={room} onChange={(e) => setDraft({ room: e.target.value })} maxLength={64} />
      </div>
    </>
  );
}

export function Lobby() {
  const settings = useStore((s) => s.settings);
  const appInfo = useStore((s) => s.appInfo);
  const phase = useStore((s) => s.phase);
  const draft = useStore((s) => s.draft);
  const name = draft.name ?? settings?.displayName ?? '';
  const [problem, setProblem] = useState<string | null>(null);
  const invite = useInviteDraft();
  const disabled = settings?.enabled === false;
  const mode = useSignalingWarmup(appInfo?.signalingUrl, disabled, invite);
  // Hosting for the network, this app's own server wants an invite from its host too (made here, not typed).
  const hostsForNetwork = appInfo?.embeddedSignaling === true && appInfo.hosting === 'network';

  function submit(event: SyntheticEvent) {
    event.preventDefault();
    const checked = checkJoin(name, draft.room, invite.text, invite.token);
    if (!checked.ok) return setProblem(checked.problem);
    setProblem(null);
    const token = invite.token ?? (hostsForNetwork ? ownInvite(checked.room) : null);
    void Promise.resolve(token)
      .then((t) => applyInvite(t).then(() => join(checked.name, checked.room)))
      .catch((e: unknown) => setProblem(errorMessage(e)));
  }

  return (
    <main className="lobby">
      <Preview />
      <form className="join-form" onSubmit={submit} aria-label="Join a call">
        <h1>Traverse</h1>
        <p className="lede">Video calls that get through NATs and firewalls, and show you how.</p>
        {disabled && (
          <p className="error" role="alert">
            Calling is turned off in Settings (enabled: false). Turn it on to make calls.
          </p>
        )}
        <NameAndRoom name={name} room={draft.room} />
        {((mode === 'invite' && !hostsForNetwork) || invite.text) && <InviteField invite={invite} />}
        <Devices />
        <StartSwitches />
        {problem && (
          <p className="error" role="alert">
            {problem}
          </p>
        )}
        <button type="submit" className="primary" disabled={disabled || phase === 'joining'}>
          <Icon name="camera" />
          {phase === 'joining' ? 'Joining…' : 'Join'}
        </button>
        {appInfo && <WhoCanJoin info={appInfo} mode={mode} />}
        <LobbyConnectionTest />
      </form>
    </main>
  );
}
