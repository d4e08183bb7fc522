/**
 * The settings file's contract: what a user can configure, with the seed
 * guide's defaults. Secrets are not here; they live in the vault.
 */
import { z } from 'zod';
import { signalingUrlSchema } from './signaling-url';

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
/** Short lifetimes are allowed (tests use 20 s); below this a refresh would never settle. */
export const TTL_MIN_SECONDS = 10;

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

/** True for turn: and turns: URLs: servers that need credentials. */
export function isTurnUrl(url: string): boolean {
  return /^turns?:/.test(url);
}

/** An RTCIceServer's urls as a list, whichever shape it came in. */
export function urlList(urls: string | readonly string[]): string[] {
  return typeof urls === 'string' ? [urls] : [...urls];
}

/** A TURN entry needs a username: TURN servers refuse anonymous clients. */
function requireTurnUsername(server: { urls: string | string[]; username?: string }, ctx: z.RefinementCtx): void {
  const turn = urlList(server.urls).filter(isTurnUrl);
  if (turn.length > 0 && !server.username) {
    ctx.addIssue({
      code: 'custom',
      path: ['username'],
      message: `${turn[0]} has no username: TURN servers refuse anonymous clients. Add the username and its password, or use the shared-secret mode for coturn/eturnal`,
    });
  }
}

const iceServerFields = {
  urls: z.union([iceUrlSchema, z.array(iceUrlSchema).min(1)]),
  username: z.string().max(512).optional(),
};

/**
 * One RTCIceServer as a person enters it (manual mode, a settings patch). Its
 * password is a secret: the main process moves a `credential` given here into
 * the vault before saving, so the settings file never holds one.
 */
export const iceServerSchema = z
  .object({ ...iceServerFields, credential: z.string().max(512).optional() })
  .strict()
  .superRefine(requireTurnUsername);
export type IceServerConfig = z.infer<typeof iceServerSchema>;

/**
 * One RTCIceServer as the settings file keeps it: never a credential (refused,
 * so a password typed into settings.json by hand cannot slip through to the UI
 * or a report; core/settings-credentials.ts moves such a one into the vault).
 */
export const storedIceServerSchema = z.object(iceServerFields).strict().superRefine(requireTurnUsername);
export type StoredIceServer = z.infer<typeof storedIceServerSchema>;

export const iceModeSchema = z.enum(['manual', 'cloudflare', 'shared-secret', 'server']);
export type IceMode = z.infer<typeof iceModeSchema>;

/** TURN URLs for shared-secret mode: turn:/turns: only, since STUN needs no credentials. */
const turnUrlListSchema = z
  .array(
    iceUrlSchema.refine(isTurnUrl, {
      message:
        'Shared-secret mode mints TURN credentials: list turn: or turns: URLs here (a TURN server answers STUN too, so calls need no separate STUN URL)',
    }),
  )
  .max(8);

/** Only lower-risk characters in the TURN REST user part: it ends up in a `expiry:user` username. */
const turnUserSchema = z
  .string()
  .max(64)
  .regex(/^[A-Za-z0-9._-]*$/, 'Use letters, digits, dot, dash or underscore for the TURN user name');

/** The ICE block as the settings file and `settings:get` carry it: mode and each mode's settings, no credentials. */
export const iceSettingsSchema = z.object({
  mode: iceModeSchema.default('manual'),
  servers: z
    .array(storedIceServerSchema)
    .max(16)
    .default(() => DEFAULT_STUN_SERVERS.map((s) => ({ ...s }))),
  ttlSeconds: z.number().int().min(TTL_MIN_SECONDS).max(TTL_MAX_SECONDS).default(TTL_DEFAULT_SECONDS),
  cloudflare: z
    .object({
      tokenId: z
        .string()
        .max(128)
        .regex(/^[A-Za-z0-9_-]*$/, 'A Cloudflare TURN key id is letters, digits, dash and underscore')
        .default(''),
    })
    .default({ tokenId: '' }),
  /** coturn `use-auth-secret` / eturnal `secret`: credentials minted here from a secret in the vault. */
  sharedSecret: z
    .object({ urls: turnUrlListSchema.default([]), user: turnUserSchema.default('traverse') })
    .default({ urls: [], user: 'traverse' }),
  /** Server mode: where to ask; empty means the signaling server's own /ice. */
  server: z.object({ url: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]).default('') }).default({ url: '' }),
});

/** The ICE block of a settings patch: manual entries may carry a password, bound for the vault. */
export const iceSettingsInputSchema = iceSettingsSchema.extend({
  servers: z
    .array(iceServerSchema)
    .max(16)
    .default(() => DEFAULT_STUN_SERVERS.map((s) => ({ ...s }))),
});

/** Each top-level setting without its default: what a patch may carry. */
const settingsFields = {
  enabled: z.boolean(),
  displayName: z.string().max(64),
  ice: iceSettingsInputSchema,
  relayOnly: z.boolean(),
  /** socket.io server URL; empty means the server this app hosts itself. */
  signalingUrl: signalingUrlSchema,
  /**
   * Linux without a keyring gives Electron only the `basic_text` backend, which
   * anyone who can read the profile can undo. Secrets are refused there unless
   * the person has said yes to that, knowingly.
   */
  acceptWeakSecretStorage: z.boolean(),
  /**
   * "Host calls on this network": with no signaling URL, the server this app hosts
   * listens on the network instead of 127.0.0.1, and admits only people with an invite.
   */
  hostOnNetwork: z.boolean(),
};

export const settingsSchema = z.object({
  enabled: settingsFields.enabled.default(true),
  displayName: settingsFields.displayName.default(''),
  ice: iceSettingsSchema.prefault({}),
  relayOnly: settingsFields.relayOnly.default(false),
  signalingUrl: settingsFields.signalingUrl.default(''),
  acceptWeakSecretStorage: settingsFields.acceptWeakSecretStorage.default(false),
  hostOnNetwork: settingsFields.hostOnNetwork.default(false),
});
export type Settings = z.infer<typeof settingsSchema>;

/**
 * A partial update from the UI: any top-level key, validated as a whole
 * afterwards. Built from the fields without their defaults, so a patch of one
 * key leaves every other setting as it was.
 */
export const settingsPatchSchema = z.object(settingsFields).partial().strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export function defaultSettings(): Settings {
  return settingsSchema.parse({});
}
