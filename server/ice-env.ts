/**
 * The server's ICE configuration from the environment: which provider mints
 * credentials (ICE_MODE) and its secrets, validated with the reason and fix
 * when something is missing. Secrets stay here, on the server.
 */
import { z } from 'zod';
import {
  DEFAULT_STUN_SERVERS,
  iceUrlProblem,
  isTurnUrl,
  TTL_DEFAULT_SECONDS,
  TTL_MAX_SECONDS,
  TTL_MIN_SECONDS,
} from '../shared/config';
import { CLOUDFLARE_API_BASE } from '../shared/ice/ice-provider-cloudflare';
import { blankToUndefined, csv, parseEnv } from './env-parsing';

/** A comma-separated list of STUN/TURN URLs, each checked like the app checks them. */
const urlCsv = (what: string, turnOnly: boolean) =>
  csv(
    (url) =>
      iceUrlProblem(url) ??
      (turnOnly && !isTurnUrl(url) ? `${what} lists TURN servers: "${url}" is not turn: or turns:` : null),
  );

export const iceEnvSchema = z
  .object({
    ICE_MODE: z.preprocess(blankToUndefined, z.enum(['manual', 'shared-secret', 'cloudflare']).default('manual')),
    TURN_URLS: urlCsv('TURN_URLS', true).default([]),
    TURN_SECRET: z.preprocess(blankToUndefined, z.string().min(1).optional()),
    ICE_TTL: z.preprocess(
      blankToUndefined,
      z.coerce.number().int().min(TTL_MIN_SECONDS).max(TTL_MAX_SECONDS).default(TTL_DEFAULT_SECONDS),
    ),
    STUN_URLS: urlCsv('STUN_URLS', false).default(DEFAULT_STUN_SERVERS.map((s) => s.urls)),
    CLOUDFLARE_TURN_KEY_ID: z.preprocess(
      blankToUndefined,
      z
        .string()
        .regex(/^[A-Za-z0-9_-]+$/)
        .optional(),
    ),
    CLOUDFLARE_TURN_API_TOKEN: z.preprocess(blankToUndefined, z.string().min(1).optional()),
    CLOUDFLARE_API_BASE: z.preprocess(blankToUndefined, z.url({ protocol: /^https?$/ }).default(CLOUDFLARE_API_BASE)),
  })
  .superRefine((env, ctx) => {
    if (env.ICE_MODE === 'shared-secret') {
      if (!env.TURN_SECRET)
        ctx.addIssue({
          code: 'custom',
          path: ['TURN_SECRET'],
          message:
            "ICE_MODE=shared-secret needs TURN_SECRET: set it to coturn's static-auth-secret (or eturnal's secret)",
        });
      if (env.TURN_URLS.length === 0)
        ctx.addIssue({
          code: 'custom',
          path: ['TURN_URLS'],
          message:
            'ICE_MODE=shared-secret needs TURN_URLS, e.g. turn:turn.example.org:3478?transport=udp,turns:turn.example.org:5349',
        });
    }
    if (env.ICE_MODE === 'cloudflare') {
      if (!env.CLOUDFLARE_TURN_KEY_ID)
        ctx.addIssue({
          code: 'custom',
          path: ['CLOUDFLARE_TURN_KEY_ID'],
          message:
            'ICE_MODE=cloudflare needs CLOUDFLARE_TURN_KEY_ID: the Turn Token ID from Media → Realtime → TURN Server',
        });
      if (!env.CLOUDFLARE_TURN_API_TOKEN)
        ctx.addIssue({
          code: 'custom',
          path: ['CLOUDFLARE_TURN_API_TOKEN'],
          message: "ICE_MODE=cloudflare needs CLOUDFLARE_TURN_API_TOKEN: the TURN key's API token",
        });
    }
  });
export type IceEnv = z.infer<typeof iceEnvSchema>;

/** The ICE part of the environment; throws a message listing every problem and its fix. */
export function readIceEnv(env: Record<string, string | undefined>): IceEnv {
  return parseEnv(iceEnvSchema, env, 'ICE configuration');
}

/** A warning for the log when anyone who can reach the server could mint relay credentials; null when not. */
export function iceExposureWarning(env: IceEnv, authMode: 'open' | 'invite'): string | null {
  if (env.ICE_MODE === 'manual' || authMode === 'invite') return null;
  return `Warning: ICE_MODE=${env.ICE_MODE} without AUTH_SECRET: anyone who can reach /ice gets TURN credentials and can relay through your TURN server. Set AUTH_SECRET (and hand out invites) on a public server.`;
}
