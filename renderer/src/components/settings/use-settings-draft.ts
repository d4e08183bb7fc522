/**
 * The Settings form's state: the draft of every field, the secrets typed and not stored yet,
 * and what the last Save (or a refused Close) said. Save checks and stores the draft
 * (save-settings.ts); Close stays open while a typed secret would be lost.
 */
import { useState, type SyntheticEvent } from 'react';
import type { Settings } from '../../../../shared/config';
import type { SecretName } from '../../../../shared/ipc';
import { useStore } from '../../store';
import { splitUrls, type ManualRow } from './ManualServersForm';
import { SECRET_LABELS, saveSettings } from './save-settings';
import type { SettingsData } from './use-settings-data';

export interface Draft {
  enabled: boolean;
  ice: Settings['ice'];
  rows: ManualRow[];
  acceptWeak: boolean;
  signalingUrl: string;
}

export type SaveState = { ok: boolean; lines: string[] } | null;
export type TypedSecrets = Partial<Record<SecretName, string>>;

function toRows(settings: Settings): ManualRow[] {
  return settings.ice.servers.map((s) => ({
    urls: [s.urls].flat().join(', '),
    username: s.username ?? '',
    password: '',
  }));
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

function settingsOf(draft: Draft) {
  return {
    enabled: draft.enabled,
    ice: { ...draft.ice, servers: serversOf(draft.rows) },
    acceptWeakSecretStorage: draft.acceptWeak,
    signalingUrl: draft.signalingUrl,
  };
}

export function useSettingsDraft(data: SettingsData, settings: Settings, onClose: () => void) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(settings));
  const [typed, setTyped] = useState<TypedSecrets>({});
  const [saveState, setSaveState] = useState<SaveState>(null);
  const update = (change: Partial<Draft>) => setDraft({ ...draft, ...change });
  const onTyped = (name: SecretName, value: string) => setTyped((t) => ({ ...t, [name]: value }));

  /** Close, unless a typed secret would be lost: then stay and say why. */
  function requestClose() {
    const unsaved = Object.keys(typed).filter((name) => typed[name]);
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
    const outcome = await saveSettings(settingsOf(draft), typed);
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

  return { draft, update, typed, onTyped, saveState, requestClose, save };
}
