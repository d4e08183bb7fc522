/** Before a call: name, room, devices with a live preview, and Join. */
import { useEffect, useState, type SyntheticEvent } from 'react';
import { displayNameSchema, roomNameSchema } from '../../../shared/signaling';
import { join, startPreview } from '../call/call-controller';
import { useStore } from '../store';
import { DevicePicker } from './DevicePicker';
import { VideoView } from './VideoView';

export function Lobby() {
  const settings = useStore((s) => s.settings);
  const appInfo = useStore((s) => s.appInfo);
  const phase = useStore((s) => s.phase);
  const { cameras, microphones, cameraId, microphoneId, mediaError } = useStore();
  const chooseCamera = useStore((s) => s.chooseCamera);
  const chooseMicrophone = useStore((s) => s.chooseMicrophone);
  const draft = useStore((s) => s.draft);
  const setDraft = useStore((s) => s.setDraft);
  const name = draft.name ?? settings?.displayName ?? '';
  const room = draft.room;
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    void startPreview();
  }, [cameraId, microphoneId]);

  const disabled = settings?.enabled === false;

  function submit(event: SyntheticEvent) {
    event.preventDefault();
    const n = displayNameSchema.safeParse(name);
    const r = roomNameSchema.safeParse(room);
    if (!n.success) return setProblem(n.error.issues[0]?.message ?? 'Invalid name');
    if (!r.success) return setProblem(r.error.issues[0]?.message ?? 'Invalid room');
    setProblem(null);
    void join(n.data, r.data);
  }

  return (
    <main className="lobby">
      <section className="preview" aria-label="Preview">
        <VideoView streamKey="local" muted label="Your camera preview" />
        {mediaError && <p className="error" role="alert">{mediaError}</p>}
      </section>
      <form className="join-form" onSubmit={submit} aria-label="Join a call">
        <h1>Traverse</h1>
        <p className="lede">Video calls that get through NATs and firewalls, and show you how.</p>
        {disabled && (
          <p className="error" role="alert">
            Calling is turned off in Settings (enabled: false). Turn it on to make calls.
          </p>
        )}
        <div className="field">
          <label htmlFor="display-name">Display name</label>
          <input id="display-name" value={name} onChange={(e) => setDraft({ name: e.target.value })} autoComplete="nickname" maxLength={40} />
        </div>
        <div className="field">
          <label htmlFor="room">Room</label>
          <input id="room" value={room} onChange={(e) => setDraft({ room: e.target.value })} maxLength={64} />
        </div>
        <DevicePicker label="Camera" devices={cameras} value={cameraId} onChange={chooseCamera} />
        <DevicePicker label="Microphone" devices={microphones} value={microphoneId} onChange={chooseMicrophone} />
        {problem && <p className="error" role="alert">{problem}</p>}
        <button type="submit" className="primary" disabled={disabled || phase === 'joining'}>
          {phase === 'joining' ? 'Joining…' : 'Join'}
        </button>
        {appInfo && (
          <p className="hint">
            Signaling: {appInfo.signalingUrl}
            {appInfo.embeddedSignaling ? ' (built into this app; open rooms, for calls on your network)' : ''}
          </p>
        )}
      </form>
    </main>
  );
}
