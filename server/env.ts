/** The standalone server's configuration, read from the environment and validated. */
import { z } from 'zod';
import { MIN_SECRET_LENGTH } from '../shared/invite';
import { proxyEntryProblem } from './client-address';
import { DEFAULT_CONNECTION_LIMITS } from './connection-limits';
import { csv, optional, parseEnv } from './env-parsing';
import { normalizeOrigin } from './origins';

const originProblem = (entry: string) =>
  normalizeOrigin(entry)
    ? null
    : `"${entry.slice(0, 80)}" is not an origin: write scheme://host[:port] with no path or wildcard, e.g. https://calls.example.org`;

const trustProblem = (entry: string) =>
  entry === '1' || entry === 'true'
    ? `"${entry}" would believe X-Forwarded-For from anyone: list your proxies' address or CIDR instead, e.g. TRUST_PROXY=127.0.0.1 (nginx on this host) or 10.0.0.0/8`
    : proxyEntryProblem(entry);

export const serverEnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4455),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Invites required when set; make them with `npm run invite -- <room>`. */
  AUTH_SECRET: optional(
    z
      .string()
      .min(
        MIN_SECRET_LENGTH,
        `must be at least ${MIN_SECRET_LENGTH} characters; make one with: openssl rand -base64 48`,
      ),
  ),
  /** Several processes share rooms through this Redis (redis://host:6379). */
  REDIS_URL: optional(z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')),
  /** Per-socket sustained event rate and burst. */
  RATE_PER_SECOND: z.coerce.number().positive().default(50),
  RATE_BURST: z.coerce.number().int().positive().default(200),
  /**
   * The reverse proxies (addresses or CIDRs, comma-separated) whose X-Forwarded-For is believed;
   * per-client limits then key on the client address they report. Empty or 0: none.
   */
  TRUST_PROXY: z.preprocess((v) => (v === '0' || v === 'false' ? '' : v), csv(trustProblem).default([])),
  /** Web origins, besides the app's own, whose pages may connect (a web client you host). */
  ALLOWED_ORIGINS: csv(originProblem).default([]),
  /** Sockets one client address may hold open at once (per process). */
  MAX_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().positive().default(DEFAULT_CONNECTION_LIMITS.perAddress),
  /** How long a dropped client may come back with its id and missed messages, in ms; 0 turns recovery off. */
  RECOVERY_WINDOW_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
});
export type ServerEnv = z.infer<typeof serverEnvSchema>;

export function readServerEnv(env: NodeJS.ProcessEnv): ServerEnv {
  return parseEnv(serverEnvSchema, env, 'server configuration');
}
