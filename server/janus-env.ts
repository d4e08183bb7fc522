/**
 * Janus (the SFU for group calls) from the environment. Unset JANUS_URL: no Janus, rooms stay
 * meshes. Set: the token secret and the VideoRoom admin key must be set too, checked with the
 * reason and fix. The secrets stay on the server; browsers only get minted tokens.
 */
import { z } from 'zod';

const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);
const MIN_SECRET = 32;
const secret = (name: string, where: string) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .min(MIN_SECRET, `${name} must be at least ${MIN_SECRET} characters; make one with: openssl rand -hex 32`)
      .regex(
        /^[^"\\\s]+$/,
        `${name} goes into ${where} in quotes: no spaces, quotes or backslashes (use openssl rand -hex 32)`,
      )
      .optional(),
  );
const wsUrl = z.preprocess(
  blankToUndefined,
  z.url({ protocol: /^wss?$/, error: 'must be a ws:// or wss:// URL' }).optional(),
);

export const janusEnvSchema = z
  .object({
    /** Janus's WebSocket API as this server reaches it, e.g. ws://127.0.0.1:8188. */
    JANUS_URL: wsUrl,
    /** The same URL as browsers reach it (through nginx), e.g. wss://calls.example.org/janus; JANUS_URL when unset. */
    JANUS_PUBLIC_URL: wsUrl,
    /** Janus's token_auth_secret (janus.jcfg): signs the tokens admitted people get. */
    JANUS_TOKEN_SECRET: secret('JANUS_TOKEN_SECRET', 'token_auth_secret in janus.jcfg'),
    /** The VideoRoom plugin's admin_key (janus.plugin.videoroom.jcfg): only its holder creates rooms. */
    JANUS_ADMIN_KEY: secret('JANUS_ADMIN_KEY', 'admin_key in janus.plugin.videoroom.jcfg'),
    /** The most people a room holds as a mesh before it runs on Janus (0: every room on Janus). */
    JANUS_MESH_MAX: z.preprocess(
      blankToUndefined,
      z.coerce
        .number({ error: 'must be a whole number from 0 to 4' })
        .int('must be a whole number from 0 to 4')
        .min(0, 'must be a whole number from 0 to 4')
        .max(4, 'must be at most 4: a mesh of more people sends each video too many times')
        .optional(),
    ),
  })
  .superRefine((env, ctx) => {
    if (env.JANUS_URL === undefined) return;
    if (!env.JANUS_TOKEN_SECRET)
      ctx.addIssue({
        code: 'custom',
        path: ['JANUS_TOKEN_SECRET'],
        message: "JANUS_URL needs JANUS_TOKEN_SECRET: set it to token_auth_secret from Janus's janus.jcfg",
      });
    if (!env.JANUS_ADMIN_KEY)
      ctx.addIssue({
        code: 'custom',
        path: ['JANUS_ADMIN_KEY'],
        message: 'JANUS_URL needs JANUS_ADMIN_KEY: set it to admin_key from janus.plugin.videoroom.jcfg',
      });
  });

export interface JanusConfig {
  url: string;
  publicUrl: string;
  tokenSecret: string;
  adminKey: string;
  /** JANUS_MESH_MAX when set (the server's default is 4). */
  meshMax?: number;
}

/** Janus's configuration, or null when JANUS_URL is unset; throws a message listing every problem and its fix. */
export function readJanusEnv(env: Record<string, string | undefined>): JanusConfig | null {
  const parsed = janusEnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid Janus configuration:\n${lines.join('\n')}`);
  }
  const { JANUS_URL, JANUS_PUBLIC_URL, JANUS_TOKEN_SECRET, JANUS_ADMIN_KEY, JANUS_MESH_MAX } = parsed.data;
  if (JANUS_URL === undefined || !JANUS_TOKEN_SECRET || !JANUS_ADMIN_KEY) return null;
  return {
    url: JANUS_URL,
    publicUrl: JANUS_PUBLIC_URL ?? JANUS_URL,
    tokenSecret: JANUS_TOKEN_SECRET,
    adminKey: JANUS_ADMIN_KEY,
    ...(JANUS_MESH_MAX !== undefined ? { meshMax: JANUS_MESH_MAX } : {}),
  };
}
