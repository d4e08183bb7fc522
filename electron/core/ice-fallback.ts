/** What calls use when a provider fails: credentials that still work, else the configured STUN entries. */
import type { Settings } from '../../shared/config';
import { stunOnly } from '../../shared/ice/ice-provider-manual';
import type { IceProblem } from '../../shared/ice/ice-types';
import type { IceConfig } from '../../shared/ipc';

/** The shortest wait before retrying after a failure. */
const MIN_RETRY_MS = 2_000;

/**
 * After a failed refresh: when to retry while keeping `previous`, which beats a
 * STUN-only fallback as long as it has more than MIN_RETRY_MS to live (a quarter
 * of what is left, at least MIN_RETRY_MS from now); null when it is no better.
 */
export function retryKeepingAt(previous: IceConfig | null, now: number): number | null {
  if (!previous || previous.error || previous.expiresAt === null || previous.expiresAt - now <= MIN_RETRY_MS)
    return null;
  return now + Math.max(MIN_RETRY_MS, (previous.expiresAt - now) / 4);
}

/** STUN only, with the reason attached for the person to read. */
export function stunFallback(settings: Settings, problem: IceProblem, fetchedAt: number): IceConfig {
  // Only what the person configured: no STUN server they did not choose (there may be none: host candidates still work on a LAN).
  return {
    iceServers: stunOnly(settings.ice.servers),
    expiresAt: null,
    ttlSeconds: null,
    source: 'stun-fallback',
    error: problem,
    fetchedAt,
  };
}
