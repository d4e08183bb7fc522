/**
 * In a call: remote tiles (one large: pinned, or in a group call the person speaking), your own
 * preview, the call controls, and who joined or left.
 */
import { useState } from 'react';
import { hangUp, setCameraOff, setMuted, setRelayOnly } from '../call/call-controller';
import { useStore } from '../store';
import { CallTimer } from './call/CallTimer';
import { JoinNotices } from './call/JoinNotices';
import { SelfView } from './call/SelfView';
import { SoundsSwitch } from './call/SoundsSwitch';
import { TileFrame } from './call/TileFrame';
import { useLargeTile } from './call/use-large-tile';
import { useShortcuts } from './call/use-shortcuts';
import { DiagnosticsPanel } from './diagnostics/DiagnosticsPanel';
import { InviteButton } from './InviteButton';
import { canInvite, emptyRoomWords } from './hosting/who-can-join';
import { Icon } from './Icon';
import { InviteReceivedBanner } from './InviteReceivedBanner';
import { MediaControls } from './MediaControls';
import { PeerTile } from './PeerTile';
import { RelayOnlyAlert, RelayOnlyBadge } from './RelayOnlyStatus';
import { shortcutProps } from './shortcuts';
import { SignalingBanner } from './SignalingBanner';

function CallHeader() {
  const room = useStore((s) => s.room);
  const count = useStore((s) => Object.keys(s.peers).length);
  const hangingUp = useStore((s) => s.hangingUp);
  const words = hangingUp ? 'Hanging up…' : count === 0 ? 'Waiting for others to join…' : `${count + 1} people`;
  return (
    <header className="call-header">
      <h1>
        Room <span className="room-name">{room}</span>
      </h1>
      <span className="count">{words}</span>
      <CallTimer />
      <SoundsSwitch />
    </header>
  );
}

function Tiles() {
  const room = useStore((s) => s.room);
  const peers = useStore((s) => s.peers);
  const appInfo = useStore((s) => s.appInfo);
  const [pinnedId, setPinnedId] = useState<string | null>(null);
  const list = Object.values(peers);
  // A pinned person who left unpins by themselves.
  const pinned = pinnedId !== null && pinnedId in peers ? pinnedId : null;
  const large = useLargeTile(
    pinned,
    list.map((peer) => peer.id),
  );
  return (
    <section
      className={`grid grid-${Math.max(list.length, 1)}${large ? ' grid-has-large' : ''}`}
      aria-label="Participants"
    >
      {list.map((peer) => (
        <TileFrame
          key={peer.id}
          name={peer.name}
          pinned={peer.id === pinned}
          large={peer.id === large}
          onPin={() => setPinnedId(peer.id === pinned ? null : peer.id)}
        >
          <PeerTile peer={peer} />
        </TileFrame>
      ))}
      {list.length === 0 && <p className="empty">{emptyRoomWords(room, canInvite(appInfo))}</p>}
    </section>
  );
}

export function CallView() {
  const muted = useStore((s) => s.muted);
  const cameraOff = useStore((s) => s.cameraOff);
  const relayOnly = useStore((s) => s.settings?.relayOnly === true);
  const diagnosticsOpen = useStore((s) => s.diagnosticsOpen);
  const openDiagnostics = useStore((s) => s.openDiagnostics);
  useShortcuts();

  return (
    <main className="call">
      <CallHeader />
      <div className="call-banners">
        <RelayOnlyAlert />
        <SignalingBanner />
        <InviteReceivedBanner />
        <JoinNotices />
      </div>
      <Tiles />
      <SelfView />
      <nav className="controls" aria-label="Call controls">
        {/* Pressed means "this is off", for both. */}
        <button
          type="button"
          className="media-toggle"
          aria-pressed={muted}
          onClick={() => setMuted(!muted)}
          {...shortcutProps('mute')}
        >
          <Icon name={muted ? 'mic-off' : 'mic'} />
          Mute
        </button>
        <button
          type="button"
          className="media-toggle"
          aria-pressed={cameraOff}
          onClick={() => setCameraOff(!cameraOff)}
          {...shortcutProps('camera')}
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
        <button type="button" className="danger" onClick={() => void hangUp()} {...shortcutProps('hang-up')}>
          <Icon name="hang-up" />
          Hang up
        </button>
      </nav>
      {diagnosticsOpen && <DiagnosticsPanel />}
    </main>
  );
}
