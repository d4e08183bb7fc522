/**
 * Resume secrets (issue 14, finding 9). A client that reconnects without its
 * session names its old id (`previousId`) so the room drops the old link at
 * once; anyone could name anyone's id, so it counts only with the secret the
 * server handed that id when it joined: HMAC-SHA256(key, id). The key is derived
 * from AUTH_SECRET, or shared through Redis by a cluster without one, or made
 * fresh by a single process; so every process of a cluster can check a secret
 * another process made.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface ResumeSecrets {
  /** The secret for socket `id`. */
  issue(id: string): string;
  /** True when `secret` is the one issued for `id`. */
  verify(id: string, secret: unknown): boolean;
}

export function resumeSecrets(key: Buffer): ResumeSecrets {
  const issue = (id: string) => createHmac('sha256', key).update(`traverse resume ${id}`).digest('base64url');
  return {
    issue,
    verify: (id, secret) => {
      if (typeof secret !== 'string') return false;
      const expected = Buffer.from(issue(id));
      const given = Buffer.from(secret);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}

/** The key from an invite secret (never the secret itself, so a resume secret says nothing about invites). */
export function resumeKeyFromSecret(secret: string): Buffer {
  return createHmac('sha256', secret).update('traverse resume key').digest();
}

export function freshResumeKey(): Buffer {
  return randomBytes(32);
}
