/** The standalone server's configuration, read from the environment and validated. */
import { z } from 'zod';

export const serverEnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4455),
  HOST: z.string().min(1).default('127.0.0.1'),
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
