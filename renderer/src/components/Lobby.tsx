/** Before a call: name, room, an invite when the server needs one, devices with a live preview, and Join. */
import { useEffect, useState, type SyntheticEvent } from 'react';
import { extractInvite, OLD_INVITE_MESSAGE, pastedOldInvite, readInvite } from '../../../shared/invite';
import { displayNameSchema, roomNameSchema, type AuthMode } from '../../../shared/signaling';
import { applyInvite, join, startPreview } from '../call/call-controller';
import { fetchAuthMode, preconnect } from '../signaling/signaling-client';
import { useStore } from '../store';
import { DevicePicker } from './DevicePicker';
import { Icon } from './Icon';
import { LastCallCard } from './LastCallCard';
import { VideoView } from './VideoView';
import { ownInvite } from './hosting/own-invite';
import { randomRoomName } from './hosting/room-name';
import { WhoCanJoin } from './hosting/WhoCanJoin';
import { errorMessage } from '../../../shared/error-message';

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
  // The clock the invite hint compares against, ticking so an invite that expires while the lobby is open says so.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, []);
  // An invite may arrive in the page's own link (…#invite=…), be pasted, or come from a
  // traverse: link the app was opened with (call/invite-links.ts puts it in the draft).
  const [pageInvite] = useState(() => extractInvite(window.location.href) ?? '');
  const inviteText = draft.invite ?? pageInvite;
  const invite = inviteText.trim() ? extractInvite(inviteText) : null;
  const claims = invite ? readInvite(invite) : null;
  const expired = claims !== null && claims.exp * 1000 <= now;
  const [auth, setAuth] = useState<{ url: string; mode: AuthMode | null } | null>(null);
  const signalingUrl = appInfo?.signalingUrl;

  useEffect(() => {
    void startPreview();
  }, [cameraId, microphoneId]);
  // A new room gets a name nobody can guess; a person can still type one.
  useEffect(() => {
    if (!useStore.getState().draft.room) setDraft({ room: randomRoomName() });
  }, [setDraft]);
  // Hosting for the network, this app's own server wants an invite from its host too (made here, not typed).
  const hostsForNetwork = appInfo?.embeddedSignaling === true && appInfo.hosting === 'network';

  // Ask the server how it admits people, so the lobby says whether rooms are open.
  useEffect(() => {
    if (!signalingUrl) return;
    let current = true;
    void fetchAuthMode(signalingUrl).then((mode) => current && setAuth({ url: signalingUrl, mode }));
    return () => {
      current = false;
    };
  }, [signalingUrl]);
  const mode = auth?.url === signalingUrl ? auth?.mode : undefined;

  function changeInvite(text: string) {
    setDraft({ invite: text });
    const token = extractInvite(text);
    const invited = token ? readInvite(token) : null;
    if (invited) setDraft({ room: invited.room });
  }

  const disabled = settings?.enabled === false;

  // Connect to the signaling server now, so Join does not wait for a connection: with open rooms
  // at once, with invites once a valid one is entered (the server refuses a handshake without).
  const warmToken = mode === 'open' ? null : mode === 'invite' && claims && !expired ? invite : undefined;
  useEffect(() => {
    preconnect(signalingUrl && !disabled && warmToken !== undefined ? { url: signalingUrl, token: warmToken } : null);
    // Not closed on unmount: Join unmounts the lobby, and the call takes this connection.
  }, [signalingUrl, disabled, warmToken]);

  function submit(event: SyntheticEvent) {
    event.preventDefault();
    const n = displayNameSchema.safeParse(name);
    const r = roomNameSchema.safeParse(room);
    if (!n.success) return setProblem(n.error.issues[0]?.message ?? 'Invalid name');
    if (!r.success) return setProblem(r.error.issues[0]?.message ?? 'Invalid room');
    if (inviteText.trim() && !invite)
      return setProblem(
        pastedOldInvite(inviteText)
          ? OLD_INVITE_MESSAGE
          : 'That is not a Traverse invite: paste the whole invite or link you were sent.',
      );
    setProblem(null);
    const token = invite ?? (hostsForNetwork ? ownInvite(r.data) : null);
    void Promise.resolve(token)
      .then((t) => applyInvite(t).then(() => join(n.data, r.data)))
      .catch((e: unknown) => setProblem(errorMessage(e)));
  }

  return (
    <main className="lobby">
      <section className="preview" aria-label="Preview">
        <VideoView streamKey="local" muted label="Your camera preview" />
        {mediaError && (
          <p className="error" role="alert">
            {mediaError}
          </p>
        )}
        <LastCallCard />
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
        {((mode === 'invite' && !hostsForNetwork) || inviteText) && (
          <div className="field">
            <label htmlFor="invite">Invite</label>
            <input
              id="invite"
              value={inviteText}
              onChange={(e) => changeInvite(e.target.value)}
              placeholder="Paste the invite or link you were sent"
              aria-describedby="invite-hint"
              autoComplete="off"
              spellCheck={false}
            />
            <p id="invite-hint" className="hint">
              {claims
                ? expired
                  ? `This invite to “${claims.room}” expired ${new Date(claims.exp * 1000).toLocaleString()}: the server will refuse it. Ask whoever sent it for a new one.`
                  : `Invite to “${claims.room}”, valid until ${new Date(claims.exp * 1000).toLocaleString()}.`
                : 'This server only admits people with an invite.'}
            </p>
          </div>
        )}
        <DevicePicker label="Camera" devices={cameras} value={cameraId} onChange={chooseCamera} />
        <DevicePicker label="Microphone" devices={microphones} value={microphoneId} onChange={chooseMicrophone} />
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
      </form>
    </main>
  );
}
