/**
 * What every part of the server's environment is read with: blank values count as unset,
 * comma-separated lists are checked entry by entry, and a bad environment throws one message
 * listing every problem with its fix.
 */
import { z } from 'zod';

/** An empty variable (`FOO=`) is the same as an unset one. */
export const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);

/** An optional string where an empty value means unset. */
export const optional = (schema: z.ZodString) => z.preprocess(blankToUndefined, schema.optional());

/** A comma-separated list, blank entries dropped; each entry checked by `problem` (null: fine). */
export const csv = (problem: (entry: string) => string | null) =>
  z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : v,
    z.array(
      z.string().superRefine((entry, ctx) => {
        const message = problem(entry);
        if (message) ctx.addIssue({ code: 'custom', message });
      }),
    ),
  );

/** Parses `env` with `schema`; throws "Invalid <what>:" and a line per problem, naming its variable. */
export function parseEnv<S extends z.ZodType>(schema: S, env: Record<string, string | undefined>, what: string) {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    // The variable's name only: a person fixes TRUST_PROXY, not TRUST_PROXY.0.
    const lines = parsed.error.issues.map((i) => `  ${String(i.path[0] ?? '')}: ${i.message}`);
    throw new Error(`Invalid ${what}:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
