/** The connection test's credentials line: true for each lifetime, warning only when a call may outlast them. */
import { describe, expect, it } from 'vitest';
import type { CredentialLifetime } from '../../shared/connection-probes';
import { credentialWords, lifetimeWords } from '../../shared/credential-words';

const T0 = Date.UTC(2026, 11, 2, 12, 0, 0);
const clock = (ms: number) => new Date(ms).toISOString().slice(11, 16);
const H = 3_600_000;
const base: CredentialLifetime = {
  mode: 'shared-secret',
  source: 'shared-secret',
  expiresAt: T0 + 24 * H,
  refreshAt: T0 + 12 * H,
  lastError: null,
  checkedAt: T0,
};
const problem = {
  what: 'Could not mint TURN credentials',
  cause: 'no shared secret is stored',
  fix: 'Enter it in Settings',
};

describe('credentialWords', () => {
  it('renewable credentials: their lifetime, the renewal, and that calls outlast them', () => {
    expect(credentialWords(base, true, clock)).toEqual({
      tone: 'ok',
      text: 'The TURN credentials stay valid for 24 h (until 12:00); the app renews them at 00:00 and hands the new ones to calls in progress, so a call can last longer than that',
    });
  });

  it('a failed renewal with under an hour left warns that a relayed call loses its relay, with the fix', () => {
    const words = credentialWords(
      { ...base, expiresAt: T0 + 40 * 60_000, refreshAt: null, lastError: problem },
      true,
      clock,
    );
    expect(words.tone).toBe('warn');
    expect(words.text).toBe(
      'The TURN credentials stay valid for 40 min (until 12:40), but the last renewal failed: Could not mint TURN credentials (no shared secret is stored). A call still relayed at 12:40 loses its relay. Fix: Enter it in Settings',
    );
  });

  it('a failed renewal with hours left says the app keeps trying', () => {
    const words = credentialWords({ ...base, expiresAt: T0 + 5 * H + 12 * 60_000, lastError: problem }, true, clock);
    expect(words.text).toMatch(
      /valid for 5 h 12 min \(until 17:12\), but the last renewal failed: .*\. The app keeps trying/,
    );
  });

  it('expired, static, STUN only and the STUN fallback each say what is so', () => {
    expect(credentialWords({ ...base, expiresAt: T0 - 5 * 60_000 }, true, clock)).toMatchObject({
      tone: 'bad',
      text: 'The TURN credentials expired 5 min ago: relayed calls fail until new ones come. Fix: test again, which fetches new ones',
    });
    expect(
      credentialWords({ ...base, mode: 'manual', source: 'manual', expiresAt: null, refreshAt: null }, true, clock)
        .text,
    ).toMatch(/^The TURN passwords are static/);
    expect(credentialWords(base, false, clock)).toEqual({
      tone: 'info',
      text: 'No TURN server is in use, so there are no credentials to expire',
    });
    expect(
      credentialWords({ ...base, source: 'stun-fallback', expiresAt: null, lastError: problem }, false, clock).text,
    ).toBe(
      'No TURN credentials: Could not mint TURN credentials (no shared secret is stored), so calls use STUN only and fail behind strict NATs. Fix: Enter it in Settings',
    );
  });

  it('no renewal scheduled with under an hour left is a warning too', () => {
    expect(credentialWords({ ...base, expiresAt: T0 + 30 * 60_000, refreshAt: null }, true, clock).tone).toBe('warn');
  });
});

describe('lifetimeWords', () => {
  it('rounds down to what is surely left', () => {
    expect([50_000, 59 * 60_000 + 59_000, H, 23 * H + 59 * 60_000, 72 * H].map(lifetimeWords)).toEqual([
      '50 s',
      '59 min',
      '1 h',
      '23 h 59 min',
      '3 days',
    ]);
  });
});
