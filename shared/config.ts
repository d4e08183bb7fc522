/**
 * The settings file's contract: what a user can configure, with the seed
 * guide's defaults. Secrets are not here; they live in the vault.
 */
import { z } from 'zod';

/** Public STUN servers from the seed's default `ManualIceServers` list. */
export const DEFAULT_STUN_SERVERS = [
  { urls: 'stun:stun.cloudflare.com:3478' },
  { urls: 'stun:stun.l.google.com:19302' },
] as const;

export const TTL_DEFAULT_SECONDS = 3600;
/** Cloudflare caps TURN credential lifetime at 48 hours. */
export const TTL_MAX_SECONDS = 172_800;
/** From here on the UI warns: long-lived credentials widen the window for misuse. */
export const TTL_WARN_SECONDS = 86_400;

const ICE_URL = /^(stun|turns?):(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:(\d{1,5}))?(\?transport=(udp|tcp))?$/;

/** Why an ICE URL is unacceptable, or null when it is fine. */
export function iceUrlProblem(url: string): string | null {
  const m = ICE_URL.exec(url);
  if (!m) {
    return `"${url}" is not a STUN/TURN URL: use stun:host:port, turn:host:port or turns:host:port, optionally with ?transport=udp or ?transport=tcp`;
  }
  const port = m[4] === undefined ? undefined : Number(m[4]);
  if (port !== undefined && (port < 1 || port > 65535)) return `"${url}" has port ${port}, which is outside 1-65535`;
  if (m[1] === 'stun' && m[5]) return `"${url}": ?transport only applies to turn: and turns: URLs`;
  return null;
}

export const iceUrlSchema = z.string().superRefine((url, ctx) => {
  const problem = iceUrlProblem(url);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** One RTCIceServer as configured by a person (manual mode). */
export const iceServerSchema = z
  .object({
    urls: z.union([iceUrlSchema, z.array(iceUrlSchema).min(1)]),
    username: z.string().max(512).optional(),
    credential: z.string().max(512).optional(),
  })
  .strict();
export type IceServerConfig = z.infer<typeof iceServerSchema>;

export const iceModeSchema = z.enum(['manual', 'cloudflare', 'shared-secret', 'server']);
export type IceMode = z.infer<typeof iceModeSchema>;

export const settingsSchema = z.object({
  enabled: z.boolean().default(true),
  displayName: z.string().max(64).default(''),
  ice: z
    .object({
      mode: iceModeSchema.default('manual'),
      servers: z.array(iceServerSchema).max(16).default(() => DEFAULT_STUN_SERVERS.map((s) => ({ ...s }))),
      ttlSeconds: z.number().int().min(60).max(TTL_MAX_SECONDS).default(TTL_DEFAULT_SECONDS),
      cloudflare: z.object({ tokenId: z.string().max(128).default('') }).default({ tokenId: '' }),
    })
    .prefault({}),
  relayOnly: z.boolean().default(false),
  /** socket.io server URL; empty means the server this app hosts itself. */
  signalingUrl: z.union([z.literal(''), z.url({ protocol: /^(https?|wss?)$/ })]).default(''),
});
export type Settings = z.infer<typeof settingsSchema>;

/** A partial update from the UI: any top-level key, validated as a whole afterwards. */
export const settingsPatchSchema = settingsSchema.partial().strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export function defaultSettings(): Settings {
  return settingsSchema.parse({});
}
