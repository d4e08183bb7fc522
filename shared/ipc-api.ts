/**
 * The API the preload exposes as `window.traverse`: one named method per IPC
 * channel. Kept free of zod so the sandboxed preload bundle stays tiny.
 */
import type { Settings, SettingsPatch } from './config';
import type { AppInfo, IceConfig, IpcChannel } from './ipc';

export interface TraverseApi {
  appInfo(): Promise<AppInfo>;
  getSettings(): Promise<Settings>;
  setSettings(patch: SettingsPatch): Promise<Settings>;
  getIce(): Promise<IceConfig>;
}

/** Which channel each API method calls; the preload and the harness bridge both use it. */
export const apiChannels = {
  appInfo: 'app:info',
  getSettings: 'settings:get',
  setSettings: 'settings:set',
  getIce: 'ice:get',
} as const satisfies Record<keyof TraverseApi, IpcChannel>;

export type ApiMethod = keyof TraverseApi;
