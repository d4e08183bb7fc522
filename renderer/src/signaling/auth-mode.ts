/** What the lobby asks a signaling server before Join: how it admits people (its /healthz). */
import { healthSchema, type AuthMode } from '../../../shared/signaling';

/**
 * Whether the server at `url` keeps rooms open or needs an invite (its /healthz);
 * null when it cannot be asked (down, or an older server that does not say).
 */
export async function fetchAuthMode(url: string, timeoutMs = 4_000): Promise<AuthMode | null> {
  try {
    const res = await fetch(new URL('/healthz', url.replace(/^ws(s?):/, 'http$1:')), {
      signal: AbortSignal.timeout(timeoutMs),
      cache: 'no-store',
    });
    const health = healthSchema.safeParse(await res.json());
    return health.success ? health.data.auth : null;
  } catch {
    return null;
  }
}
