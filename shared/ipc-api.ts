/**
 * The API the preload exposes as `window.traverse`: one named method per IPC
 * channel, and one `on…` subscription per push. Kept free of zod so the
 * sandboxed preload bundle stays tiny.
 */
import type { Settings, SettingsPatch } from './config';
import type { NatBehaviour } from './nat-behaviour';
import type { NetworkChange } from './network-change';
import type { ServerAddresses } from './server-addresses';
import type { TlsCertificateReport } from './tls-certificate';
import type {
  AppInfo,
  IceConfig,
  IceStatus,
  InviteLink,
  IpcChannel,
  IpcEvent,
  ScreenPickerEvent,
  SecretName,
  SecretsStatus,
} from './ipc';

export interface TraverseInvokeApi {
  appInfo(): Promise<AppInfo>;
  getSettings(): Promise<Settings>;
  setSettings(patch: SettingsPatch): Promise<Settings>;
  getIce(): Promise<IceConfig>;
  refreshIce(): Promise<IceConfig>;
  iceStatus(): Promise<IceStatus>;
  /** Server mode: the invite GET /ice needs when the server has AUTH_SECRET (null forgets it). */
  setIceInvite(request: { token: string | null }): Promise<IceStatus>;
  secretsStatus(): Promise<SecretsStatus>;
  /** Stores or replaces a secret. Nothing ever reads it back out. */
  setSecret(request: { name: SecretName; value: string }): Promise<SecretsStatus>;
  clearSecret(request: { name: SecretName }): Promise<SecretsStatus>;
  /** The invite link the app was opened with, once; call after subscribing with onInviteLink. */
  pendingInviteLink(): Promise<{ link: InviteLink | null }>;
  /** Back to this app's own server after joining through the one an invite link named. */
  forgetLinkServer(): Promise<{ ok: true }>;
  /** An invite link for a room on the server this app hosts for the network. */
  makeInvite(request: {
    room: string;
    ttlSeconds: 3600 | 86_400 | 604_800;
  }): Promise<{ link: string; expiresAt: number }>;
  /** Answers the screen picker: a source id it offered, or null to refuse the share. */
  chooseScreen(request: { requestId: string; sourceId: string | null }): Promise<{ accepted: boolean }>;
  /** A desktop notification; the main process shows it only while our window is not focused. */
  notify(request: {
    title: string;
    body: string;
  }): Promise<{ shown: boolean; reason: 'shown' | 'window-focused' | 'unsupported' }>;
  /** A call started or ended: the display is kept awake while one runs. */
  setCallActive(request: { active: boolean }): Promise<{ awake: boolean }>;
  // Connection test probes that need the main process (issue 18).
  /** The NAT's mapping and filtering, measured over UDP towards the configured STUN/TURN servers. */
  probeNat(): Promise<NatBehaviour>;
  /** The certificate of each configured `turns:` server, checked from the main process. */
  checkTlsCertificates(): Promise<{ certificates: TlsCertificateReport[] }>;
  /** The addresses of each configured STUN/TURN host name (both families), resolved by the main process. */
  resolveServerHosts(): Promise<ServerAddresses>;
}

export interface TraverseEventApi {
  /** Called with fresh ICE servers; returns the unsubscribe function. */
  onIceUpdated(listener: (config: IceConfig) => void): () => void;
  /** Called for each `traverse:join?invite=…` link opened while the app runs. */
  onInviteLink(listener: (link: InviteLink) => void): () => void;
  /** The in-app screen picker opens (a getDisplayMedia request) or closes (main gave up on it). */
  onScreenPicker(listener: (event: ScreenPickerEvent) => void): () => void;
  /** The OS's interfaces, addresses or default route changed (live calls check their paths). */
  onNetworkChange(listener: (change: NetworkChange) => void): () => void;
}

export type TraverseApi = TraverseInvokeApi & TraverseEventApi;

/** Which channel each API method calls; the preload and the harness bridge both use it. */
export const apiChannels = {
  appInfo: 'app:info',
  getSettings: 'settings:get',
  setSettings: 'settings:set',
  getIce: 'ice:get',
  refreshIce: 'ice:refresh',
  iceStatus: 'ice:status',
  setIceInvite: 'ice:set-invite',
  secretsStatus: 'secrets:status',
  setSecret: 'secrets:set',
  clearSecret: 'secrets:clear',
  pendingInviteLink: 'link:pending',
  forgetLinkServer: 'link:forget-server',
  makeInvite: 'hosting:invite',
  chooseScreen: 'screen:choose',
  notify: 'notify',
  setCallActive: 'call:active',
  // Connection test probes (issue 18).
  probeNat: 'nat:probe',
  checkTlsCertificates: 'tls:check',
  resolveServerHosts: 'servers:resolve',
} as const satisfies Record<keyof TraverseInvokeApi, IpcChannel>;

/** Which push each subscription listens to. */
export const apiEvents = {
  onIceUpdated: 'ice:updated',
  onInviteLink: 'link:invite',
  onScreenPicker: 'screen:picker',
  onNetworkChange: 'network:changed',
} as const satisfies Record<keyof TraverseEventApi, IpcEvent>;

export type ApiMethod = keyof TraverseInvokeApi;
export type ApiEventMethod = keyof TraverseEventApi;
