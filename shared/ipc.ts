/**
 * The IPC contract between the renderer and the main process: each channel's
 * request and response schema. The preload, the main-side registration and the
 * web harness all derive from this one table.
 */
import { z } from 'zod';
import { settingsPatchSchema, settingsSchema } from './config';

export const rtcIceServerSchema = z.object({
  urls: z.union([z.string(), z.array(z.string())]),
  username: z.string().optional(),
  credential: z.string().optional(),
});
export type IceServer = z.infer<typeof rtcIceServerSchema>;

/** What a call needs to start: servers with short-lived credentials, and where they came from. */
export const iceConfigSchema = z.object({
  iceServers: z.array(rtcIceServerSchema),
  /** Epoch ms after which the credentials stop working; null for STUN-only lists. */
  expiresAt: z.number().nullable(),
  source: z.string(),
  /** Set when the provider failed and the list fell back to STUN. */
  error: z.object({ what: z.string(), cause: z.string(), fix: z.string() }).nullable(),
});
export type IceConfig = z.infer<typeof iceConfigSchema>;

export const appInfoSchema = z.object({
  version: z.string(),
  /** The socket.io server the renderer should use. */
  signalingUrl: z.string(),
  /** True when that server is hosted by this app (LAN calls, open rooms). */
  embeddedSignaling: z.boolean(),
  platform: z.string(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const ipcContract = {
  'app:info': { request: z.null(), response: appInfoSchema },
  'settings:get': { request: z.null(), response: settingsSchema },
  'settings:set': { request: settingsPatchSchema, response: settingsSchema },
  'ice:get': { request: z.null(), response: iceConfigSchema },
} as const;

export type IpcContract = typeof ipcContract;
export type IpcChannel = keyof IpcContract;
export type IpcRequest<C extends IpcChannel> = z.infer<IpcContract[C]["request"]>;
export type IpcResponse<C extends IpcChannel> = z.infer<IpcContract[C]['response']>;
export const ipcChannels = Object.keys(ipcContract) as IpcChannel[];

/** Result envelope: handlers never throw across the boundary. */
export type IpcResult<C extends IpcChannel> =
  | { ok: true; value: IpcResponse<C> }
  | { ok: false; error: string };
