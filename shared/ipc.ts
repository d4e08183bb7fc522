/**
 * The IPC contract between the renderer and the main process: each channel's
 * request and response schema, and each main → renderer push. The preload,
 * the main-side registration and the web harness all derive from these tables.
 */
import { z } from 'zod';
import { iceModeSchema, settingsPatchSchema, settingsSchema } from './config';
import { iceProblemSchema, rtcIceServerSchema } from './ice/ice-types';
import { MAX_INVITE_LENGTH, readInvite } from './invite';
import { natBehaviourSchema } from './nat-behaviour';
import { networkChangeSchema } from './network-change';
import { serverAddressesSchema } from './server-addresses';
import { tlsCertificateReportsSchema } from './tls-certificate';
import { roomNameSchema } from './signaling';

export { rtcIceServerSchema, type IceServer } from './ice/ice-types';

/** What a call needs to start: servers with short-lived credentials, and where they came from. */
export const iceConfigSchema = z.object({
  iceServers: z.array(rtcIceServerSchema),
  /** Epoch ms after which the credentials stop working; null for STUN-only lists and static passwords. */
  expiresAt: z.number().nullable(),
  source: z.string(),
  /** Set when the provider failed and the list fell back to STUN. */
  error: iceProblemSchema.nullable(),
  /** Epoch ms when these servers were fetched or minted. */
  fetchedAt: z.number().optional(),
  ttlSeconds: z.number().nullable().optional(),
});
export type IceConfig = z.infer<typeof iceConfigSchema>;

/** The status card: what the provider did last, without any credential. */
export const iceStatusSchema = z.object({
  mode: iceModeSchema,
  /** Where the servers in use came from ("stun-fallback" after a failure); null before the first fetch. */
  source: z.string().nullable(),
  lastFetchAt: z.number().nullable(),
  expiresAt: z.number().nullable(),
  /** When the background refresh will fetch again. */
  refreshAt: z.number().nullable(),
  ttlSeconds: z.number().nullable(),
  lastError: iceProblemSchema.nullable(),
  /** URLs in use, for people to check; never usernames or passwords. */
  urls: z.array(z.string()),
  /** True when the current mode keeps a long-lived secret on this computer. */
  secretOnThisComputer: z.boolean(),
  refreshCount: z.number().int(),
});
export type IceStatus = z.infer<typeof iceStatusSchema>;

/** Secrets the vault holds: two named ones, and one password per manual TURN entry. */
export const secretNameSchema = z.union([
  z.enum(['cloudflare-api-token', 'turn-shared-secret']),
  z.string().regex(/^manual-turn:(1[0-5]|[0-9])$/, 'Manual TURN passwords are named manual-turn:0 to manual-turn:15'),
]);
export type SecretName = z.infer<typeof secretNameSchema>;

/**
 * Every name the vault keeps: the ones above, which a person sets, and the app's
 * own invite secret for hosting calls on the network, which is made in the main
 * process and never crosses IPC (no channel takes or returns it).
 */
export const HOSTING_SECRET_NAME = 'hosting-invite-secret';
export const vaultSecretNameSchema = z.union([secretNameSchema, z.literal(HOSTING_SECRET_NAME)]);
export type VaultSecretName = z.infer<typeof vaultSecretNameSchema>;

export const secretsStatusSchema = z.object({
  storage: z.object({
    /** The safeStorage backend (Linux) or the platform's keychain. */
    backend: z.string(),
    available: z.boolean(),
    /** True when stored secrets are only obfuscated (Linux basic_text). */
    weak: z.boolean(),
    acceptedWeak: z.boolean(),
    /** Why secrets cannot be stored right now, if they cannot. */
    problem: iceProblemSchema.nullable(),
  }),
  /** Which secrets are set; their values never leave the main process. */
  set: z.array(secretNameSchema),
});
export type SecretsStatus = z.infer<typeof secretsStatusSchema>;

export const appInfoSchema = z.object({
  version: z.string(),
  /** The socket.io server the renderer should use. */
  signalingUrl: z.string(),
  /** True when that server is hosted by this app. */
  embeddedSignaling: z.boolean(),
  platform: z.string(),
  /**
   * Who can reach the server this app hosts: 'off' (a signaling URL is set, or an invite
   * link named another server), 'computer' (127.0.0.1 only, open rooms) or 'network'
   * (every interface, invites required).
   */
  hosting: z.enum(['off', 'computer', 'network']).optional(),
  /** Why "Host calls on this network" is on but hosting is not, in words a person can act on. */
  hostingProblem: z.string().nullable().optional(),
  /** Set while this app joins through the server an invite link named, instead of its own. */
  guestServer: z.string().nullable().optional(),
  /** Things the person should know about their settings (a password moved out of settings.json). */
  notices: z.array(z.string().max(2000)).max(8).optional(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

/** A signaling server named by an invite link: an http(s) origin, nothing after it. */
export const linkServerSchema = z
  .url({ protocol: /^https?$/ })
  .max(256)
  .refine((url) => {
    // Refinements run even after the URL check failed: an unparsable string is simply not acceptable.
    if (!URL.canParse(url)) return false;
    const parsed = new URL(url);
    return parsed.username === '' && parsed.password === '' && parsed.search === '' && parsed.hash === '';
  }, 'a server address is scheme, host and port only');

/** How long an invite made from the call view stays valid: an hour, a day or a week. */
export const INVITE_TTL_CHOICES = [3600, 86_400, 604_800] as const;
export const inviteTtlSchema = z.union([z.literal(3600), z.literal(86_400), z.literal(604_800)]);

/**
 * A `traverse:join?invite=…` link the operating system handed to the app: the
 * invite token (a credential: never logged) and the room it names. The main
 * process only reads the claims; the signaling server checks the signature.
 */
export const inviteLinkSchema = z
  .object({
    invite: z
      .string()
      .max(MAX_INVITE_LENGTH)
      .regex(/^[A-Za-z0-9_.-]+$/)
      .refine((token) => readInvite(token) !== null, 'not a Traverse invite'),
    room: roomNameSchema,
    /** The signaling server the invite is for (`server=` in the link): http(s) only. */
    server: linkServerSchema.optional(),
  })
  .strict()
  .refine((link) => readInvite(link.invite)?.room === link.room, 'the room does not match the invite');
export type InviteLink = z.infer<typeof inviteLinkSchema>;

/** Longest thumbnail accepted, as a data: URL (a 320×180 PNG is well under it). */
export const MAX_THUMBNAIL_LENGTH = 400_000;
/** How many screens and windows one pick offers at most. */
export const MAX_SCREEN_SOURCES = 64;

/** A screen or window the person may share, as the in-app picker shows it. */
export const screenSourceSchema = z
  .object({
    /** desktopCapturer's id: `screen:ZZ:0` or `window:XX:YY`. */
    id: z.string().regex(/^(screen|window):[\w:-]{1,64}$/),
    name: z.string().max(256),
    kind: z.enum(['screen', 'window']),
    /** A PNG as a data: URL; null when the OS gave no picture (a minimised window). */
    thumbnail: z
      .string()
      .max(MAX_THUMBNAIL_LENGTH)
      .regex(/^data:image\/png;base64,[A-Za-z0-9+/]*={0,2}$/)
      .nullable(),
  })
  .strict();
export type ScreenSource = z.infer<typeof screenSourceSchema>;

const pickIdSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/);

/** The in-app screen picker: opened with the sources of one getDisplayMedia request, closed when main gave up on it. */
export const screenPickerEventSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('open'),
      requestId: pickIdSchema,
      sources: z.array(screenSourceSchema).min(1).max(MAX_SCREEN_SOURCES),
      /** How long the main process waits for an answer before it refuses the request. */
      timeoutMs: z.number().int().positive(),
    })
    .strict(),
  z
    .object({
      type: z.literal('close'),
      requestId: pickIdSchema,
      /** timeout: nobody chose in time; superseded: a newer request replaced it. */
      reason: z.enum(['timeout', 'superseded']),
    })
    .strict(),
]);
export type ScreenPickerEvent = z.infer<typeof screenPickerEventSchema>;

/** Longest desktop notification title and body (the OS truncates long ones anyway). */
export const MAX_NOTICE_TITLE = 120;
export const MAX_NOTICE_BODY = 400;

export const ipcContract = {
  'app:info': { request: z.null(), response: appInfoSchema },
  'settings:get': { request: z.null(), response: settingsSchema },
  'settings:set': { request: settingsPatchSchema, response: settingsSchema },
  'ice:get': { request: z.null(), response: iceConfigSchema },
  /** Fetch now, ignoring the cache; pushes `ice:updated`. */
  'ice:refresh': { request: z.null(), response: iceConfigSchema },
  'ice:status': { request: z.null(), response: iceStatusSchema },
  /**
   * The invite this person joins with, for server mode against a server with
   * AUTH_SECRET (GET /ice wants it as a bearer token); null forgets it.
   */
  'ice:set-invite': {
    request: z.object({ token: z.string().min(1).max(1024).nullable() }).strict(),
    response: iceStatusSchema,
  },
  'secrets:status': { request: z.null(), response: secretsStatusSchema },
  'secrets:set': {
    request: z.object({ name: secretNameSchema, value: z.string().min(1, 'Enter a value').max(4096) }).strict(),
    response: secretsStatusSchema,
  },
  'secrets:clear': { request: z.object({ name: secretNameSchema }).strict(), response: secretsStatusSchema },
  /**
   * The invite link that arrived before this page was listening (first launch
   * with a link), or null; asking also tells the main process the page now
   * listens for `link:invite`.
   */
  'link:pending': { request: z.null(), response: z.object({ link: inviteLinkSchema.nullable() }).strict() },
  /** Stop joining through the server an invite link named; back to this app's own (or the configured) server. */
  'link:forget-server': { request: z.null(), response: z.object({ ok: z.literal(true) }).strict() },
  /**
   * An invite link for `room` on the server this app hosts for the network, valid
   * `ttlSeconds`: `traverse:join?invite=…&server=http://<this machine>:<port>`.
   */
  'hosting:invite': {
    request: z.object({ room: roomNameSchema, ttlSeconds: inviteTtlSchema }).strict(),
    response: z.object({ link: z.string().max(2048), expiresAt: z.number() }).strict(),
  },
  /** The person's answer to a `screen:picker` open: a source id it offered, or null (cancel). */
  'screen:choose': {
    request: z.object({ requestId: pickIdSchema, sourceId: screenSourceSchema.shape.id.nullable() }).strict(),
    /** False when the pick is no longer waiting (timed out, replaced) or the id was not offered. */
    response: z.object({ accepted: z.boolean() }).strict(),
  },
  /** A desktop notification, shown only while our window is not focused. */
  notify: {
    request: z
      .object({ title: z.string().min(1).max(MAX_NOTICE_TITLE), body: z.string().max(MAX_NOTICE_BODY) })
      .strict(),
    response: z.object({ shown: z.boolean(), reason: z.enum(['shown', 'window-focused', 'unsupported']) }).strict(),
  },
  /** A call started (true) or ended (false): the display is kept awake while one runs. */
  'call:active': {
    request: z.object({ active: z.boolean() }).strict(),
    response: z.object({ awake: z.boolean() }).strict(),
  },
  // Connection test probes that need the main process (issue 18).
  /** The NAT's mapping and filtering (RFC 4787), measured over UDP towards the configured servers. */
  'nat:probe': { request: z.null(), response: natBehaviourSchema },
  /** The certificate of every configured `turns:` server: trusted chain, name, days left, TLS version. */
  'tls:check': { request: z.null(), response: z.object({ certificates: tlsCertificateReportsSchema }).strict() },
  /** The IPv4 and IPv6 addresses of every configured STUN/TURN host name, and whether this computer has IPv6. */
  'servers:resolve': { request: z.null(), response: serverAddressesSchema },
} as const;

/** Pushes from the main process to the renderer: channel -> payload schema. */
export const ipcEvents = {
  /** Fresh ICE servers (background refresh, settings change): live calls apply them. */
  'ice:updated': iceConfigSchema,
  /** An invite link opened while the app runs (second launch, macOS open-url). */
  'link:invite': inviteLinkSchema,
  /** getDisplayMedia asked for a screen: show the in-app picker (or close it). */
  'screen:picker': screenPickerEventSchema,
  /** An interface or address appeared or went away, or the default route moved: live calls check their paths. */
  'network:changed': networkChangeSchema,
} as const;

export type IpcContract = typeof ipcContract;
export type IpcChannel = keyof IpcContract;
export type IpcRequest<C extends IpcChannel> = z.infer<IpcContract[C]['request']>;
export type IpcResponse<C extends IpcChannel> = z.infer<IpcContract[C]['response']>;
export const ipcChannels = Object.keys(ipcContract) as IpcChannel[];
export type IpcEvent = keyof typeof ipcEvents;
export type IpcEventPayload<E extends IpcEvent> = z.infer<(typeof ipcEvents)[E]>;

/** Result envelope: handlers never throw across the boundary. */
export type IpcResult<C extends IpcChannel> = { ok: true; value: IpcResponse<C> } | { ok: false; error: string };
