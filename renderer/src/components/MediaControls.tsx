/**
 * The call's media controls beside Mute and Camera off: Share screen / Stop
 * sharing, and the camera, microphone and speaker pickers (behind "Devices").
 * A new camera or microphone replaces the one in use on every connection at
 * once, without renegotiating; the speaker applies to every remote person.
 */
import { useState } from 'react';
import { chooseSpeaker, shareScreen, stopSharing, switchDevice } from '../call/call-controller';
import { useStore } from '../store';
import { DevicePicker } from './DevicePicker';
import { Icon } from './Icon';
import { shortcutProps } from './shortcuts';

export function MediaControls() {
  const sharing = useStore((s) => s.sharing);
  const [open, setOpen] = useState(false);
  const canShare = typeof navigator.mediaDevices?.getDisplayMedia === 'function';
  const why = 'This browser cannot capture a screen.';
  return (
    <>
      {sharing ? (
        <button
          type="button"
          className="media-toggle sharing"
          {...shortcutProps('share-screen')}
          onClick={() => stopSharing()}
        >
          <Icon name="screen-off" />
          Stop sharing
        </button>
      ) : (
        <button
          type="button"
          className="media-toggle"
          disabled={!canShare}
          {...shortcutProps('share-screen')}
          {...(canShare ? {} : { title: why })}
          onClick={() => void shareScreen()}
        >
          <Icon name="screen" />
          Share screen
        </button>
      )}
      <button type="button" aria-expanded={open} aria-controls="call-devices" onClick={() => setOpen(!open)}>
        <Icon name="settings" />
        Devices
      </button>
      {open && <DevicePanel />}
    </>
  );
}

function DevicePanel() {
  const cameras = useStore((s) => s.cameras);
  const microphones = useStore((s) => s.microphones);
  const speakers = useStore((s) => s.speakers);
  const cameraId = useStore((s) => s.cameraId);
  const microphoneId = useStore((s) => s.microphoneId);
  const speakerId = useStore((s) => s.speakerId);
  // '' is the system default output; it is listed first so the choice can go back to it.
  const outputs = [{ id: '', label: 'System default' }, ...speakers.filter((d) => d.id !== 'default')];
  return (
    <div className="device-panel" id="call-devices" role="group" aria-label="Devices">
      <DevicePicker
        label="Camera"
        devices={cameras}
        value={cameraId}
        onChange={(id) => void switchDevice('video', id)}
      />
      <DevicePicker
        label="Microphone"
        devices={microphones}
        value={microphoneId}
        onChange={(id) => void switchDevice('audio', id)}
      />
      <DevicePicker label="Speaker" devices={outputs} value={speakerId} onChange={chooseSpeaker} />
    </div>
  );
}
