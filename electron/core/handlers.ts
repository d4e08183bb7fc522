/**
 * The handler table: one function per IPC channel, with the outside world
 * (settings file, signaling server, app facts) injected as ports. Electron's
 * ipc.ts and the web harness both register exactly this table.
 */
import type { IpcChannel, IpcRequest, IpcResponse } from '../../shared/ipc';
import type { SettingsStore } from './settings';

export interface CorePorts {
  settings: SettingsStore;
  app: { version: string; platform: string };
  /** Where the renderer should signal: a configured URL or the server this app hosts. */
  embeddedSignalingUrl: () => string;
}

export type Handlers = { [C in IpcChannel]: (request: IpcRequest<C>) => Promise<IpcResponse<C>> };

export function createHandlers(ports: CorePorts): Handlers {
  return {
    'app:info': async () => {
      const settings = await ports.settings.get();
      const embedded = settings.signalingUrl === '';
      return {
        version: ports.app.version,
        platform: ports.app.platform,
        signalingUrl: embedded ? ports.embeddedSignalingUrl() : settings.signalingUrl,
        embeddedSignaling: embedded,
      };
    },
    'settings:get': () => ports.settings.get(),
    'settings:set': (patch) => ports.settings.update(patch),
    'ice:get': async () => {
      const settings = await ports.settings.get();
      return { iceServers: settings.ice.servers, expiresAt: null, source: 'manual', error: null };
    },
  };
}
