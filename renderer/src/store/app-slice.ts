/** Facts from the main process (app info and settings, as last read) and what the call's servers are. */
import type { StateCreator } from 'zustand';
import type { Settings } from '../../../shared/config';
import type { AppInfo } from '../../../shared/ipc';
import type { HintSettings, ServerKinds } from '../../../shared/report';

export interface AppSlice {
  appInfo: AppInfo | null;
  settings: Settings | null;
  /**
   * The kinds of servers the current call uses, or the last one used (a report
   * made after hanging up is about that call); none before the first call.
   */
  callServers: ServerKinds;
  setAppInfo: (info: AppInfo) => void;
  setSettings: (settings: Settings) => void;
  setCallServers: (kinds: ServerKinds) => void;
}

export const createAppSlice: StateCreator<AppSlice, [], [], AppSlice> = (set) => ({
  appInfo: null,
  settings: null,
  callServers: { turnConfigured: false, stunConfigured: false },
  setAppInfo: (appInfo) => set({ appInfo }),
  setSettings: (settings) => set({ settings }),
  setCallServers: (callServers) => set({ callServers }),
});

/**
 * What the hints need to know about the configuration, without the credentials.
 * A new object each call: components read it with zustand's useShallow.
 */
export function selectHintSettings(state: AppSlice): HintSettings {
  return { relayOnly: state.settings?.relayOnly === true, ...state.callServers };
}
