/**
 * Settings: calls on/off, where calls go (signaling server, Relay only), the
 * ICE mode with one form per mode, the credential lifetime, where secrets are
 * kept (and why server mode is safer), and the provider status card. A modal
 * dialog (ModalDialog). Secrets are write-only; nothing here can read one.
 */
import { HostingSection } from './HostingSection';
import { useState, type SyntheticEvent } from 'react';
import { type IceMode, type Settings } from '../../../../shared/config';
import type { SecretName } from '../../../../shared/ipc';
import { ServerTester } from '../ServerTester';
import { useStore } from '../../store';
import { ManualServersForm, splitUrls, type ManualRow } from './ManualServersForm';
import { CloudflareForm, ServerModeForm, SharedSecretForm } from './ProviderForms';
import { Icon } from '../Icon';
import { ConnectionSection } from './ConnectionSection';
import { IceStatusCard } from './IceStatusCard';
import { ModalDialog } from './ModalDialog';
import { SECRET_LABELS, saveSettings } from './save-settings';
import { TtlField } from './TtlField';
import { useSettingsData, type SettingsData } from './use-settings-data';
import './settings.css';

const MODES: { mode: IceMode; label: string; blurb: string }[] = [
  { mode: 'manual', label: 'Manual', blurb: 'A list of STUN/TURN servers you enter' },
  { mode: 'cloudflare', label: 'Cloudflare', blurb: 'Short-lived credentials from Cloudflare Realtime TURN' },
  { mode: 'shared-secret', label: 'Shared secret', blurb: 'coturn / eturnal TURN REST credentials minted here' },
  { mode: 'server', label: 'Server', blurb: 'The signaling server mints credentials (recommended)' },
];

function toRows(settings: Settings): ManualRow[] {
  return settings.ice.servers.map((s) => ({
    urls: [s.urls].flat().join(', '),
    username: s.username ?? '',
    password: '',
  }));
}

interface Draft {
  enabled: boolean;
  ice: Settings['ice'];
  rows: ManualRow[];
  acceptWeak: boolean;
  signalingUrl: string;
}

function draftOf(settings: Settings): Draft {
  return {
    enabled: settings.enabled,
    ice: settings.ice,
    rows: toRows(settings),
    acceptWeak: settings.acceptWeakSecretStorage,
    signalingUrl: settings.signalingUrl,
  };
}

function serversOf(rows: ManualRow[]): Settings['ice']['servers'] {
  return rows
    .filter((row) => row.urls.trim() !== '')
    .map((row) => {
      const urls = splitUrls(row.urls);
      return {
        urls: urls.length === 1 ? urls[0]! : urls,
        ...(row.username ? { username: row.username } : {}),
        ...(row.password ? { credential: row.password } : {}),
      };
    });
}

type SaveState = { ok: boolean; lines: string[] } | null;

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

function SettingsForm({ data, settings, onClose }: { data: SettingsData; settings: Settings; onClose: () => void }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(settings));
  const [typed, setTyped] = useState<Partial<Record<SecretName, string>>>({});
  const [saveState, setSaveState] = useState<SaveState>(null);
  const status = data.status;
  const setStatus = data.setStatus;

  const ice = draft.ice;
  const setIce = (next: Settings['ice']) => setDraft({ ...draft, ice: next });
  const minting = ice.mode === 'cloudflare' || ice.mode === 'shared-secret';
  const onTyped = (name: SecretName, value: string) => setTyped((t) => ({ ...t, [name]: value }));
  const secretForm = { ice, secrets: data.secrets, onIce: setIce, onSecrets: data.setSecrets, typed, onTyped };
  const unsaved = Object.keys(typed).filter((name) => typed[name]);

  /** Close, unless a typed secret would be lost: then stay and say why. */
  function requestClose() {
    if (unsaved.length === 0) return onClose();
    const names = unsaved.map((name) => `The ${SECRET_LABELS[name] ?? name}`).join(' and the ');
    setSaveState({
      ok: false,
      lines: [
        `${names} you typed is not stored yet, so Settings stays open. Press Save to store it, or empty the field to close without it.`,
      ],
    });
  }

  async function save(event: SyntheticEvent) {
    event.preventDefault();
    const outcome = await saveSettings(
      {
        enabled: draft.enabled,
        ice: { ...draft.ice, servers: serversOf(draft.rows) },
        acceptWeakSecretStorage: draft.acceptWeak,
        signalingUrl: draft.signalingUrl,
      },
      typed,
    );
    if (outcome.ok === false) return setSaveState({ ok: false, lines: outcome.problems });
    const moved = outcome.settings.signalingUrl !== settings.signalingUrl;
    useStore.getState().setSettings(outcome.settings);
    setDraft(draftOf(outcome.settings));
    setTyped((t) => Object.fromEntries(Object.entries(t).filter(([name]) => !outcome.stored.includes(name))));
    if (outcome.secrets) data.setSecrets(outcome.secrets);
    // The page may connect only where its CSP allows, fixed when it loaded: load it again for the new server.
    if (moved && useStore.getState().phase === 'lobby') return window.location.reload();
    setSaveState(
      outcome.ok === true
        ? { ok: true, lines: ['Saved. New calls use these settings; fresh servers are being fetched.'] }
        : { ok: false, lines: ['The settings were saved, but not every secret:', ...outcome.problems] },
    );
    await data.reload();
  }

  const storage = data.secrets?.storage;
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
            <input
              type="checkbox"
              checked={draft.enabled}
              onChange={(e) => setDraft({ ...draft, enabled: e.target.checked })}
            />
            Calls enabled
          </label>
          {!draft.enabled && (
            <p className="hint">Calling is off: the Join button stays disabled until this is ticked and saved.</p>
          )}

          <ConnectionSection
            signalingUrl={draft.signalingUrl}
            onSignalingUrl={(signalingUrl) => setDraft({ ...draft, signalingUrl })}
          />

          <fieldset className="modes">
            <legend>ICE mode</legend>
            {MODES.map((m) => (
              <label key={m.mode} className={`mode ${ice.mode === m.mode ? 'chosen' : ''}`}>
                <input
                  type="radio"
                  name="ice-mode"
                  value={m.mode}
                  checked={ice.mode === m.mode}
                  onChange={() => setIce({ ...ice, mode: m.mode })}
                />
                <span className="mode-label">{m.label}</span>
                <span className="mode-blurb">{m.blurb}</span>
              </label>
            ))}
          </fieldset>

          {minting && (
            <aside className="safer-note" role="note" aria-label="Server mode is safer">
              <strong>Server mode is safer.</strong> In this mode a long-lived secret is kept on this computer
              (encrypted with the system keychain). Anyone who can use this computer account, or malware running as you,
              can use it to mint TURN credentials. In server mode the signaling server keeps the secret and hands out
              only short-lived credentials.
            </aside>
          )}

          {/* The two minting forms take the same props: the ICE draft, the secrets' status and what was typed. */}
          {ice.mode === 'manual' && (
            <ManualServersForm
              rows={draft.rows}
              secrets={data.secrets}
              onChange={(rows) => setDraft({ ...draft, rows })}
            />
          )}
          {ice.mode === 'cloudflare' && <CloudflareForm {...secretForm} />}
          {ice.mode === 'shared-secret' && <SharedSecretForm {...secretForm} />}
          {ice.mode === 'server' && <ServerModeForm ice={ice} onIce={setIce} />}

          {minting && <TtlField seconds={ice.ttlSeconds} onSeconds={(ttlSeconds) => setIce({ ...ice, ttlSeconds })} />}

          {storage?.weak && (
            <label className="check">
              <input
                type="checkbox"
                checked={draft.acceptWeak}
                onChange={(e) => setDraft({ ...draft, acceptWeak: e.target.checked })}
              />
              Store secrets with weaker protection (no keyring: {storage.backend})
            </label>
          )}
          {storage?.problem && minting && (
            <div className="error problem" role="alert">
              <strong>{storage.problem.what}</strong>
              <p>Likely cause: {storage.problem.cause}.</p>
              <p>Fix: {storage.problem.fix}.</p>
            </div>
          )}

          <div className="form-actions">
            <button type="submit" className="primary">
              <Icon name="check" />
              Save
            </button>
            {saveState && (
              <div className="save-state">
                {saveState.lines.map((line) => (
                  <p key={line} className={saveState.ok ? 'ok' : 'error'} role={saveState.ok ? 'status' : 'alert'}>
                    {line}
                  </p>
                ))}
              </div>
            )}
          </div>
        </form>
        <IceStatusCard status={status} onStatus={setStatus} />
        <HostingSection />
      </div>
      <ServerTester />
    </ModalDialog>
  );
}
