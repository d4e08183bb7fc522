/**
 * The handler table: one function per IPC channel, with the outside world
 * (settings file, vault, ICE service, app facts) injected as ports. Electron's
 * ipc.ts and the web harness both register exactly this table. No handler
 * returns a secret: secrets go in through `secrets:set` and stay in the vault.
 */
import type { IpcChannel, IpcRequest, IpcResponse } from '../../shared/ipc';
import { createIceService, type IceService } from './ice';
import { createManualPasswordKeeper } from './manual-passwords';
import type { LinkInbox } from './deep-link-router';
import type { SettingsStore } from './settings';
import { createUnavailableVault, type Vault } from './vault';

export interface CorePorts {
  settings: SettingsStore;
  app: { version: string; platform: string };
  /** Where the renderer should signal: a configured URL or the server this app hosts. */
  embeddedSignalingUrl: () => string;
  /** Defaults to a vault that refuses every secret (no encryption wired). */
  vault?: Vault;
  /** Defaults to a service over `settings` and `vault` with the real fetch and clock. */
  ice?: IceService;
  /** Invite links the app was opened with; none when absent. */
  links?: Pick<LinkInbox, 'take'>;
}

export type Handlers = { [C in IpcChannel]: (request: IpcRequest<C>) => Promise<IpcResponse<C>> };

/** The signaling server the renderer uses, whichever hosts it. */
export async function signalingUrlFor(ports: Pick<CorePorts, 'settings' | 'embeddedSignalingUrl'>): Promise<string> {
  const configured = (await ports.settings.get()).signalingUrl;
  return configured === '' ? ports.embeddedSignalingUrl() : configured.replace(/^ws/, 'http');
}

export function createHandlers(ports: CorePorts): Handlers {
  const vault = ports.vault ?? createUnavailableVault();
  const ice =
    ports.ice ?? createIceService({ settings: ports.settings, vault, signalingUrl: () => signalingUrlFor(ports) });
  const passwords = createManualPasswordKeeper(vault);

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
    'settings:set': async (patch) => {
      const before = await ports.settings.get();
      // Static TURN passwords go to the vault first; the settings file never sees them.
      const servers = patch.ice ? await passwords.store(before.ice.servers, patch.ice.servers) : undefined;
      const next = await ports.settings.update(
        patch.ice && servers ? { ...patch, ice: { ...patch.ice, servers } } : patch,
      );
      // A new static password changes what manual mode serves even though the settings file looks the same.
      const newPassword = patch.ice?.servers.some((server) => server.credential) ?? false;
      if (
        newPassword ||
        JSON.stringify(before.ice) !== JSON.stringify(next.ice) ||
        before.signalingUrl !== next.signalingUrl
      )
        ice.invalidate();
      return next;
    },
    'ice:get': () => ice.get(),
    'ice:refresh': () => ice.refresh(),
    'ice:status': () => ice.status(),
    'ice:set-invite': ({ token }) => {
      ice.setInvite(token);
      return ice.status();
    },
    'secrets:status': () => vault.status(),
    'secrets:set': async ({ name, value }) => {
      const status = await vault.set(name, value);
      ice.invalidate();
      return status;
    },
    'secrets:clear': async ({ name }) => {
      const status = await vault.clear(name);
      ice.invalidate();
      return status;
    },
    'link:pending': () => Promise.resolve({ link: ports.links?.take() ?? null }),
  };
}
