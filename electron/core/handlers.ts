/**
 * The handler table: one function per IPC channel, with the outside world
 * (settings file, vault, ICE service, app facts) injected as ports. Electron's
 * ipc.ts and the web harness both register exactly this table. No handler
 * returns a secret: secrets go in through `secrets:set` and stay in the vault.
 */
import type { Settings } from '../../shared/config';
import type { IpcChannel, IpcRequest, IpcResponse } from '../../shared/ipc';
import { createIceService, type IceService } from './ice';
import { createManualPasswordKeeper, type ManualPasswordKeeper } from './manual-passwords';
import type { LinkInbox } from './deep-link-router';
import type { DisplayMediaPicker } from './display-media';
import type { KeepAwake } from './keep-awake';
import type { Notifier } from './notifier';
import type { EmbeddedHosting } from './embedded-hosting';
import type { GuestServer } from './guest-server';
import type { SettingsStore } from './settings';
import { createUnavailableVault, type Vault } from './vault';
import { probeNatBehaviour, type NatProbeOptions } from './nat-behaviour';
import { checkTurnsCertificates } from './tls-certificate';
import { resolveServerAddresses, type ServerAddressOptions } from './server-addresses';

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
  /** The server this app hosts (core/embedded-hosting.ts); without it invites cannot be made. */
  hosting?: Pick<EmbeddedHosting, 'state' | 'ready' | 'mintInvite'>;
  /** The server an invite link named, joined instead of ours while set. */
  guestServer?: GuestServer;
  /** Notices about the settings file for the person (core/settings-credentials.ts). */
  notices?: () => readonly string[];
  /** The in-app screen picker (core/display-media.ts); absent where the browser picks (the harness without one). */
  screenPicker?: Pick<DisplayMediaPicker<unknown>, 'choose'>;
  /** Desktop notifications (core/notifier.ts); none are shown without it. */
  notifier?: Notifier;
  /** Keeps the display awake during a call (core/keep-awake.ts). */
  keepAwake?: KeepAwake;
  // Connection test probes (issue 18).
  /** How the NAT probe asks (timeouts, name lookup); real sockets and DNS by default. */
  natProbe?: NatProbeOptions;
  /** CA certificates (PEM) the TURN-over-TLS check trusts besides the system's (a company CA; a test's). */
  tlsExtraCa?: readonly string[];
  /** How the servers' names are resolved and this computer's IPv6 read; real DNS and interfaces by default. */
  serverAddresses?: ServerAddressOptions;
}

export type Handlers = { [C in IpcChannel]: (request: IpcRequest<C>) => Promise<IpcResponse<C>> };

/** The signaling server the renderer uses, whichever hosts it. */
export async function signalingUrlFor(
  ports: Pick<CorePorts, 'settings' | 'embeddedSignalingUrl' | 'guestServer'>,
): Promise<string> {
  const guest = ports.guestServer?.get();
  if (guest) return guest;
  const configured = (await ports.settings.get()).signalingUrl;
  return configured === '' ? ports.embeddedSignalingUrl() : configured.replace(/^ws/, 'http');
}

/** The app's version and platform, where the renderer signals, and who the server this app hosts can reach. */
async function appInfo(ports: CorePorts): Promise<IpcResponse<'app:info'>> {
  const settings = await ports.settings.get();
  const guestServer = ports.guestServer?.get() ?? null;
  const embedded = settings.signalingUrl === '' && guestServer === null;
  // A settings change may have just started a restart (hosting switched): report what is running after it.
  await ports.hosting?.ready();
  const hosting = ports.hosting?.state();
  return {
    version: ports.app.version,
    platform: ports.app.platform,
    signalingUrl: await signalingUrlFor(ports),
    embeddedSignaling: embedded,
    ...(hosting ? { hosting: embedded ? hosting.reach : 'off', hostingProblem: hosting.problem } : {}),
    ...(ports.guestServer ? { guestServer } : {}),
    ...(ports.notices?.().length ? { notices: [...ports.notices()] } : {}),
  };
}

/** Saves a settings change (static TURN passwords into the vault, never the file) and drops what it outdates. */
async function updateSettings(
  ports: CorePorts,
  passwords: ManualPasswordKeeper,
  ice: IceService,
  patch: IpcRequest<'settings:set'>,
): Promise<Settings> {
  const before = await ports.settings.get();
  // Static TURN passwords go to the vault first; the settings file never sees them.
  const servers = patch.ice ? await passwords.store(before.ice.servers, patch.ice.servers) : undefined;
  const next = await ports.settings.update(patch.ice && servers ? { ...patch, ice: { ...patch.ice, servers } } : patch);
  // Choosing where to signal (or how to host) ends joining through an invite link's server.
  if (patch.signalingUrl !== undefined || patch.hostOnNetwork !== undefined) ports.guestServer?.set(null);
  // A new static password changes what manual mode serves even though the settings file looks the same.
  const newPassword = patch.ice?.servers.some((server) => server.credential) ?? false;
  if (
    newPassword ||
    JSON.stringify(before.ice) !== JSON.stringify(next.ice) ||
    before.signalingUrl !== next.signalingUrl
  )
    ice.invalidate();
  return next;
}

export function createHandlers(ports: CorePorts): Handlers {
  const vault = ports.vault ?? createUnavailableVault();
  const ice =
    ports.ice ?? createIceService({ settings: ports.settings, vault, signalingUrl: () => signalingUrlFor(ports) });
  const passwords = createManualPasswordKeeper(vault);

  return {
    'app:info': () => appInfo(ports),
    'settings:get': () => ports.settings.get(),
    'settings:set': (patch) => updateSettings(ports, passwords, ice, patch),
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
    'link:forget-server': () => {
      if (ports.guestServer?.set(null)) ice.invalidate();
      return Promise.resolve({ ok: true as const });
    },
    'hosting:invite': async ({ room, ttlSeconds }) => {
      if (!ports.hosting) throw new Error('This app does not host a signaling server here, so it cannot make invites.');
      const now = Date.now();
      const link = await ports.hosting.mintInvite(room, ttlSeconds, now);
      return { link, expiresAt: now + ttlSeconds * 1000 };
    },
    'screen:choose': (answer) => {
      if (!ports.screenPicker)
        throw new Error('There is no screen picker here: this page shares through the browser’s own picker.');
      return Promise.resolve(ports.screenPicker.choose(answer));
    },
    notify: (notice) => Promise.resolve(ports.notifier?.notify(notice) ?? { shown: false, reason: 'unsupported' }),
    'call:active': ({ active }) => Promise.resolve({ awake: ports.keepAwake?.set(active) ?? false }),
    // Connection test probes (issue 18).
    'nat:probe': async () => probeNatBehaviour((await ice.get()).iceServers, ports.natProbe),
    'tls:check': async () => ({
      certificates: await checkTurnsCertificates((await ice.get()).iceServers, { extraCa: ports.tlsExtraCa ?? [] }),
    }),
    // The names of the servers a call would use, never a name the page asks for.
    'servers:resolve': async () => resolveServerAddresses((await ice.get()).iceServers, ports.serverAddresses),
  };
}
