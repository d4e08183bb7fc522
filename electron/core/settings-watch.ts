/**
 * A settings store that tells a listener about every value it hands out or
 * saves, so the main process can follow a setting (relay-only) without the
 * store or the handlers knowing who cares.
 */
import type { Settings } from '../../shared/config';
import type { SettingsStore } from './settings';

export function watchSettings<S extends SettingsStore>(store: S, onSettings: (settings: Settings) => void): S {
  const notify = (settings: Settings): Settings => {
    onSettings(settings);
    return settings;
  };
  return {
    ...store,
    get: async () => notify(await store.get()),
    update: async (patch) => notify(await store.update(patch)),
  };
}
