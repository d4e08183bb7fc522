/** In a call: remote tiles, your own preview, and the call controls. */
import { hangUp, setCameraOff, setMuted, setRelayOnly } from '../call/call-controller';
import { useStore } from '../store';
import { DiagnosticsPanel } from './diagnostics/DiagnosticsPanel';
import { InviteButton } from './InviteButton';
import { canInvite, emptyRoomWords } from './hosting/who-can-join';
import { Icon } from './Icon';
import { InviteReceivedBanner } from './InviteReceivedBanner';
import { MediaControls } from './MediaControls';
import { PeerTile } from './PeerTile';
import { RelayOnlyAlert, RelayOnlyBadge } from './RelayOnlyStatus';
import { SignalingBanner } from './SignalingBanner';
import { VideoView } from './VideoView';

export function CallView() {
  const room = useStore((s) => s.room);
  const peers = useStore((s) => s.peers);
  const muted = useStore((s) => s.muted);
  const cameraOff = useStore((s) => s.cameraOff);
  const relayOnly = useStore((s) => s.settings?.relayOnly === true);
  const diagnosticsOpen = useStore((s) => s.diagnosticsOpen);
  const openDiagnostics = useStore((s) => s.openDiagnostics);
  const appInfo = useStore((s) => s.appInfo);
  const list = Object.values(peers);

  return (
    <main className="call">
      <header className="call-header">
        <h1>
          Room <span className="room-name">{room}</span>
        </h1>
        <span className="count">{list.length === 0 ? 'Waiting for others to join…' : `${list.length + 1} people`}</span>
      </header>
      <div className="call-banners">
        <RelayOnlyAlert />
        <SignalingBanner />
        <InviteReceivedBanner />
      </div>
      <section className={`grid grid-${Math.max(list.length, 1)}`} aria-label="Participants">
        {list.map((peer) => (
          <PeerTile key={peer.id} peer={peer} />
        ))}
        {list.length === 0 && <p className="empty">{emptyRoomWords(room, canInvite(appInfo))}</p>}
      </section>
      <aside className="self" aria-label="You">
        <VideoView streamKey="local" muted label="Your camera" />
      </aside>
      <nav className="controls" aria-label="Call controls">
        {/* Pressed means "this is off", for both. */}
        <button type="button" className="media-toggle" aria-pressed={muted} onClick={() => setMuted(!muted)}>
          <Icon name={muted ? 'mic-off' : 'mic'} />
          Mute
        </button>
        <button
          type="button"
          className="media-toggle"
          aria-pressed={cameraOff}
          onClick={() => setCameraOff(!cameraOff)}
        >
          <Icon name={cameraOff ? 'camera-off' : 'camera'} />
          Camera off
        </button>
        <MediaControls />
        <button
          type="button"
          role="switch"
          className="switch"
          aria-checked={relayOnly}
          onClick={() => void setRelayOnly(!relayOnly)}
        >
          <Icon name="shield" />
          Relay only
        </button>
        <RelayOnlyBadge />
        <InviteButton />
        <button type="button" aria-pressed={diagnosticsOpen} onClick={() => openDiagnostics(!diagnosticsOpen)}>
          <Icon name="diagnostics" />
          Diagnostics
        </button>
        <button type="button" className="danger" onClick={() => void hangUp()}>
          <Icon name="hang-up" />
          Hang up
        </button>
      </nav>
      {diagnosticsOpen && <DiagnosticsPanel />}
    </main>
  );
}
