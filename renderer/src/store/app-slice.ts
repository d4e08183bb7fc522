/** Facts from the main process: app info and settings, as last read. */
import type { StateCreator } from 'zustand';
import type { Settings } from '../../../shared/config';
import type { AppInfo } from '../../../shared/ipc';

export interface AppSlice {
  appInfo: AppInfo | null;
  settings: Settings | null;
  setAppInfo: (info: AppInfo) => void;
  setSettings: (settings: Settings) => void;
}

export const createAppSlice: StateCreator<AppSlice, [], [], AppSlice> = (set) => ({
  appInfo: null,
  settings: null,
  setAppInfo: (appInfo) => set({ appInfo }),
  setSettings: (settings) => set({ settings }),
});
