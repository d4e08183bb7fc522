/**
 * Settings: calls on/off, where calls go (signaling server, Relay only), the
 * ICE mode with one form per mode, the credential lifetime, where secrets are
 * kept (and why server mode is safer), and the provider status card. A modal
 * dialog (ModalDialog). Secrets are write-only; nothing here can read one.
 */
import type { Settings } from '../../../../shared/config';
import { Icon } from '../Icon';
import { ServerTester } from '../ServerTester';
import { ConnectionSection } from './ConnectionSection';
import { HostingSection } from './HostingSection';
import { IceModeSection, mintsHere } from './IceModeSection';
import { IceStatusCard } from './IceStatusCard';
import { ModalDialog } from './ModalDialog';
import { SecretStorageSection } from './SecretStorageSection';
import { useSettingsData, type SettingsData } from './use-settings-data';
import { useSettingsDraft, type SaveState } from './use-settings-draft';
import './settings.css';

export function SettingsScreen({ onClose }: { onClose: () => void }) {
  const data = useSettingsData();
  // Wait for this screen's own load (secrets arrive with it): the store may hold settings from app start.
  if (!data.settings || !data.secrets) {
    return (
      <ModalDialog className="settings" labelledBy="settings-title" onEscape={onClose}>
        <h1 id="settings-title">Settings</h1>
        <p className="hint">{data.loadError ?? 'Loading…'}</p>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </ModalDialog>
    );
  }
  return <SettingsForm data={data} settings={data.settings} onClose={onClose} />;
}

function SaveStatus({ state }: { state: SaveState }) {
  if (!state) return null;
  return (
    <div className="save-state">
      {state.lines.map((line) => (
        <p key={line} className={state.ok ? 'ok' : 'error'} role={state.ok ? 'status' : 'alert'}>
          {line}
        </p>
      ))}
    </div>
  );
}

function SettingsForm({ data, settings, onClose }: { data: SettingsData; settings: Settings; onClose: () => void }) {
  const { draft, update, typed, onTyped, saveState, requestClose, save } = useSettingsDraft(data, settings, onClose);
  return (
    <ModalDialog className="settings" labelledBy="settings-title" onEscape={requestClose}>
      <header className="settings-header">
        <h1 id="settings-title">Settings</h1>
        <button type="button" onClick={requestClose}>
          <Icon name="close" />
          Close
        </button>
      </header>
      <div className="settings-body">
        <form className="settings-form" noValidate onSubmit={(e) => void save(e)} aria-label="ICE configuration">
          <label className="check">
            <input type="checkbox" checked={draft.enabled} onChange={(e) => update({ enabled: e.target.checked })} />
            Calls enabled
          </label>
          {!draft.enabled && (
            <p className="hint">Calling is off: the Join button stays disabled until this is ticked and saved.</p>
          )}
          <ConnectionSection
            signalingUrl={draft.signalingUrl}
            onSignalingUrl={(signalingUrl) => update({ signalingUrl })}
          />
          <IceModeSection
            ice={draft.ice}
            rows={draft.rows}
            secrets={data.secrets}
            onIce={(ice) => update({ ice })}
            onRows={(rows) => update({ rows })}
            onSecrets={data.setSecrets}
            typed={typed}
            onTyped={onTyped}
          />
          <SecretStorageSection
            storage={data.secrets?.storage}
            needsSecret={mintsHere(draft.ice.mode)}
            acceptWeak={draft.acceptWeak}
            onAcceptWeak={(acceptWeak) => update({ acceptWeak })}
          />
          <div className="form-actions">
            <button type="submit" className="primary">
              <Icon name="check" />
              Save
            </button>
            <SaveStatus state={saveState} />
          </div>
        </form>
        <IceStatusCard status={data.status} onStatus={data.setStatus} />
        <HostingSection />
      </div>
      <ServerTester />
    </ModalDialog>
  );
}
