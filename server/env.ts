/** The standalone server's configuration, read from the environment and validated. */
import { z } from 'zod';
import { MIN_SECRET_LENGTH } from '../shared/invite';

const optional = (schema: z.ZodString) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

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
  /** Set to 1 behind a reverse proxy that appends X-Forwarded-For; per-client limits then key on it. */
  TRUST_PROXY: z
    .enum(['0', '1', 'true', 'false'])
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
  /** How long a dropped client may come back with its id and missed messages, in ms; 0 turns recovery off. */
  RECOVERY_WINDOW_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
});
export type ServerEnv = z.infer<typeof serverEnvSchema>;

export function readServerEnv(env: NodeJS.ProcessEnv): ServerEnv {
  const parsed = serverEnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid server configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
