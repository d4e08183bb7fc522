/**
 * What the Settings screen shows, loaded from the main process and kept
 * current: settings, which secrets are set (never their values), and the ICE
 * provider's status, refetched whenever fresh servers are pushed.
 */
import { useCallback, useEffect, useState } from 'react';
import type { Settings } from '../../../../shared/config';
import type { IceStatus, SecretsStatus } from '../../../../shared/ipc';
import { bridge } from '../../bridge';
import { useStore } from '../../store';
import { errorMessage } from '../../../../shared/error-message';

export interface SettingsData {
  settings: Settings | null;
  secrets: SecretsStatus | null;
  status: IceStatus | null;
  /** Why loading failed, when it did. */
  loadError: string | null;
  reload: () => Promise<void>;
  setSecrets: (status: SecretsStatus) => void;
  setStatus: (status: IceStatus) => void;
}

const message = (error: unknown) => errorMessage(error);

function load() {
  const api = bridge();
  return Promise.all([api.getSettings(), api.secretsStatus(), api.iceStatus()]);
}

export function useSettingsData(): SettingsData {
  const settings = useStore((s) => s.settings);
  const [secrets, setSecrets] = useState<SecretsStatus | null>(null);
  const [status, setStatus] = useState<IceStatus | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  const apply = useCallback(([nextSettings, nextSecrets, nextStatus]: Awaited<ReturnType<typeof load>>) => {
    useStore.getState().setSettings(nextSettings);
    setSecrets(nextSecrets);
    setStatus(nextStatus);
    setLoadError(null);
  }, []);
  const fail = useCallback((error: unknown) => setLoadError(message(error)), []);
  const reload = useCallback(() => load().then(apply, fail), [apply, fail]);

  useEffect(() => {
    load().then(apply, fail);
    // The status card follows background refreshes as they happen.
    return bridge().onIceUpdated(() => {
      bridge().iceStatus().then(setStatus, fail);
    });
  }, [apply, fail]);

  return { settings, secrets, status, loadError, reload, setSecrets, setStatus };
}
