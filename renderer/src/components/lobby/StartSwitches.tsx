/**
 * How the next call starts: Mute, Camera off and Relay only, and one sentence saying it.
 * Mute and Camera off carry from the last call, so the lobby shows them before Join.
 * Relay only is the saved setting (the same one as in Settings and in the call).
 */
import { setCameraOff, setMuted, setRelayOnly } from '../../call/call-controller';
import { useStore } from '../../store';
import { Icon, type IconName } from '../Icon';
import { startWords } from './start-words';

function Switch(props: { label: string; icon: IconName; on: boolean; disabled?: boolean; onToggle: () => void }) {
  return (
    <button
      type="button"
      role="switch"
      className="switch"
      aria-checked={props.on}
      disabled={props.disabled}
      onClick={props.onToggle}
    >
      <Icon name={props.icon} />
      {props.label}
    </button>
  );
}

export function StartSwitches() {
  const muted = useStore((s) => s.muted);
  const cameraOff = useStore((s) => s.cameraOff);
  const settings = useStore((s) => s.settings);
  const relayOnly = settings?.relayOnly === true;
  return (
    <div className="start-switches" role="group" aria-label="How you join" aria-describedby="start-state">
      <div className="switch-row">
        <Switch label="Mute" icon={muted ? 'mic-off' : 'mic'} on={muted} onToggle={() => setMuted(!muted)} />
        <Switch
          label="Camera off"
          icon={cameraOff ? 'camera-off' : 'camera'}
          on={cameraOff}
          onToggle={() => setCameraOff(!cameraOff)}
        />
        <Switch
          label="Relay only"
          icon="shield"
          on={relayOnly}
          disabled={settings === null}
          onToggle={() => void setRelayOnly(!relayOnly)}
        />
      </div>
      <p id="start-state" className="start-state" role="status">
        {startWords(muted, cameraOff, relayOnly)}
      </p>
    </div>
  );
}
