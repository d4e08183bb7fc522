/**
 * One person (profile) of the web harness: the same core the main process
 * wires (settings, vault, ICE service, link inbox, handler table), over its
 * own directory. With `hosting`, the profile also hosts its own signaling
 * server through core/embedded-hosting.ts, as the app does; "the network" is
 * then still loopback here (tests never send traffic off this machine).
 */
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { networkInterfaces } from 'node:os';
import { createLinkInbox, type LinkInbox } from '../../electron/core/deep-link-router';
import { createEmbeddedHosting, type EmbeddedHosting } from '../../electron/core/embedded-hosting';
import { createGuestServer, type GuestServer } from '../../electron/core/guest-server';
import { createHandlers, signalingUrlFor, type Handlers } from '../../electron/core/handlers';
import { createIceService, type IceService } from '../../electron/core/ice';
import type { ServerAddressOptions } from '../../electron/core/server-addresses';
import { defaultRouteReader } from '../../electron/core/network-route';
import { linuxNetworkEvents } from '../../electron/core/network-events';
import { startNetworkWatch, type NetworkWatch } from '../../electron/core/network-watch';
import { createSettingsStore, type SettingsStore } from '../../electron/core/settings';
import { fileCredentialMover } from '../../electron/core/settings-credentials';
import { watchSettings } from '../../electron/core/settings-watch';
import { createVault, type SecretStoragePort } from '../../electron/core/vault';
import { startEmbeddedServer } from '../../electron/embedded-server';
import { defaultSettings, type IceServerConfig } from '../../shared/config';
import type { IpcEvent, IpcEventPayload } from '../../shared/ipc';
import { createHarnessDesktop, type HarnessDesktop } from './harness-desktop';

export interface Profile {
  handlers: Handlers;
  ice: IceService;
  settings: SettingsStore;
  /** Open event streams (SSE) of this profile's pages. */
  streams: Set<ServerResponse>;
  /** traverse: links, as electron/main.ts feeds them from argv, second-instance and open-url. */
  links: LinkInbox;
  guestServer: GuestServer;
  hosting: EmbeddedHosting | null;
  /** Notifications, display-sleep blockers and the screen picker, recorded for tests. */
  desktop: HarnessDesktop;
  /** This machine's interfaces and default route, pushed as `network:changed` as main.ts does. */
  network: NetworkWatch;
  /** The signaling server this profile's page uses (for its CSP). */
  signalingUrl(): Promise<string>;
}

export interface ProfileContext {
  dataDir: string;
  /** The harness's own origin (its shared signaling server when the profile hosts none). */
  origin: () => string;
  token: string;
  secretStorage: SecretStoragePort;
  defaultIceServers: IceServerConfig[];
  cloudflareApiBase?: string;
  /** Each profile hosts its own signaling server, as the app does. */
  hosting: boolean;
  /** CA certificates the TURN-over-TLS check trusts besides the system's. */
  tlsExtraCa?: string[];
  /** How the core resolves the servers' names (a test's lookup); real DNS when absent. */
  serverAddresses?: ServerAddressOptions;
}

/** Main → renderer pushes, as server-sent events (the harness's webContents.send); false when no page listens. */
function push<E extends IpcEvent>(streams: Set<ServerResponse>, event: E, payload: IpcEventPayload<E>): boolean {
  for (const stream of streams) stream.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
  return streams.size > 0;
}

export function createProfile(name: string, ctx: ProfileContext): Profile {
  const dir = join(ctx.dataDir, name);
  const log = (message: string) => console.log(`[harness ${name}] ${message}`);
  const notices: string[] = [];
  const vault = createVault({
    dir,
    storage: ctx.secretStorage,
    acceptsWeakStorage: async () => (await settings.get()).acceptWeakSecretStorage,
  });
  const hosting = ctx.hosting
    ? createEmbeddedHosting({
        // Any free port: several profiles host at once here.
        start: (options) => startEmbeddedServer({ ...options, port: options.port ?? 0 }),
        vault,
        lanAddress: () => '127.0.0.1',
        appOrigin: ctx.origin(),
        log: (message) => log(`[hosting] ${message}`),
      })
    : null;
  const store = createSettingsStore(
    dir,
    log,
    () => {
      const base = defaultSettings();
      return { ...base, ice: { ...base.ice, servers: ctx.defaultIceServers.map((server) => ({ ...server })) } };
    },
    { moveCredentials: fileCredentialMover(vault), notice: (n) => notices.push(n) },
  );
  const settings = hosting
    ? watchSettings(store, (s) => void hosting.follow(s).catch((e: unknown) => log(`[hosting] ${String(e)}`)))
    : store;
  const embeddedSignalingUrl = () => (hosting ? hosting.localUrl() : ctx.origin());
  const guestServer = createGuestServer();
  // As main.ts does before it opens the window: the hosted server is up before a page asks where to signal.
  const signalingUrl = async () => {
    if (hosting) await hosting.follow(await store.get());
    return signalingUrlFor({ settings, embeddedSignalingUrl, guestServer });
  };
  // Server mode asks the harness's own GET /ice, which wants the token like every harness route.
  const fetchWithToken = (input: string, init?: RequestInit) => {
    if (!input.startsWith(`${ctx.origin()}/`)) return fetch(input, init);
    const headers = new Headers(init?.headers);
    headers.set('x-traverse-token', ctx.token);
    return fetch(input, { ...init, headers });
  };
  const ice = createIceService({
    settings,
    vault,
    signalingUrl,
    fetch: fetchWithToken,
    ...(ctx.cloudflareApiBase ? { cloudflareApiBase: ctx.cloudflareApiBase } : {}),
    log,
  });
  const streams = new Set<ServerResponse>();
  ice.onUpdate((config) => push(streams, 'ice:updated', config));
  const links = createLinkInbox({
    send: (link) => push(streams, 'link:invite', link),
    log: (message) => log(`[links] ${message}`),
    onLink: (link) => guestServer.set(link.server ?? null),
  });
  const network = startNetworkWatch({
    interfaces: () => networkInterfaces(),
    defaultRoute: defaultRouteReader(),
    events: linuxNetworkEvents,
    send: (change) => push(streams, 'network:changed', change),
    log: (message) => log(`[network] ${message}`),
  });
  const desktop = createHarnessDesktop((event) => push(streams, 'screen:picker', event));
  const handlers = createHandlers({
    settings,
    vault,
    ice,
    app: { version: 'harness', platform: process.platform },
    embeddedSignalingUrl,
    links,
    guestServer,
    notices: () => notices,
    ...(hosting ? { hosting } : {}),
    screenPicker: desktop.picker,
    notifier: desktop.notifier,
    keepAwake: desktop.keepAwake,
    ...(ctx.tlsExtraCa ? { tlsExtraCa: ctx.tlsExtraCa } : {}),
    ...(ctx.serverAddresses ? { serverAddresses: ctx.serverAddresses } : {}),
  });
  return { handlers, ice, settings, streams, links, guestServer, hosting, desktop, network, signalingUrl };
}
