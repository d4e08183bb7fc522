/**
 * The connection test's line on the TURN credentials (issue 18): how long the ones calls get
 * now stay valid, next to how long a call may last with them, with a warning when less than an
 * hour is left and the app cannot renew them. Pure, so every sentence is unit-tested.
 */
import type { CredentialLifetime } from './connection-probes';

export type CredentialTone = 'ok' | 'info' | 'warn' | 'bad';

export interface CredentialWords {
  tone: CredentialTone;
  text: string;
}

/** Below this, credentials that cannot be renewed are worth a warning: a call may well outlast them. */
export const CREDENTIAL_WARN_MS = 60 * 60_000;

/** "23 h 59 min", "40 min", "50 s". */
export function lifetimeWords(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return `${Math.max(0, Math.round(ms / 1000))} s`;
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours >= 48) return `${Math.round(hours / 24)} days`;
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
}

/** 24-hour local time of day, as the rest of the app prints it. */
export const clockTime = (ms: number): string =>
  new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/**
 * What to say of `lifetime`; `hasTurn` says whether the servers under test include TURN at all
 * (STUN needs no credentials). `clock` formats a time of day.
 */
export function credentialWords(
  lifetime: CredentialLifetime,
  hasTurn: boolean,
  clock: (ms: number) => string = clockTime,
): CredentialWords {
  const { expiresAt, refreshAt, lastError, checkedAt } = lifetime;
  const failed = lastError ? `${lastError.what} (${lastError.cause})` : null;
  if (lifetime.source === 'stun-fallback')
    return {
      tone: 'bad',
      text: `No TURN credentials: ${failed ?? 'the provider failed'}, so calls use STUN only and fail behind strict NATs. Fix: ${lastError?.fix ?? 'check the ICE settings'}`,
    };
  if (!hasTurn) return { tone: 'info', text: 'No TURN server is in use, so there are no credentials to expire' };
  if (expiresAt === null)
    return {
      tone: 'info',
      text: 'The TURN passwords are static (the manual list): the app knows no expiry for them, so a call may last as long as the TURN server accepts them',
    };
  const left = expiresAt - checkedAt;
  if (left <= 0)
    return {
      tone: 'bad',
      text: `The TURN credentials expired ${lifetimeWords(-left)} ago${failed ? ` and could not be renewed: ${failed}` : ''}: relayed calls fail until new ones come. Fix: ${lastError?.fix ?? 'test again, which fetches new ones'}`,
    };
  const until = clock(expiresAt);
  if (failed) {
    const tail =
      left < CREDENTIAL_WARN_MS
        ? `A call still relayed at ${until} loses its relay. Fix: ${lastError!.fix}`
        : `the app keeps trying to renew them meanwhile`;
    return {
      tone: 'warn',
      text: `The TURN credentials stay valid for ${lifetimeWords(left)} (until ${until}), but the last renewal failed: ${failed}. ${tail.charAt(0).toUpperCase()}${tail.slice(1)}`,
    };
  }
  if (refreshAt === null)
    return {
      tone: left < CREDENTIAL_WARN_MS ? 'warn' : 'info',
      text: `The TURN credentials stay valid for ${lifetimeWords(left)} (until ${until}) and no renewal is scheduled: a call still relayed then loses its relay`,
    };
  return {
    tone: 'ok',
    text: `The TURN credentials stay valid for ${lifetimeWords(left)} (until ${until}); the app renews them at ${clock(refreshAt)} and hands the new ones to calls in progress, so a call can last longer than that`,
  };
}
