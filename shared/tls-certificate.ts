/**
 * The certificate of a `turns:` server as the main process saw it (issue 18):
 * whether its chain is trusted, the name matches, how many days it has left
 * and the TLS version spoken. electron/core/tls-certificate.ts measures it;
 * shared/tls-words.ts says it in words.
 */
import { z } from 'zod';

/**
 * The one answer: `trusted` (chain trusted, name matches, in date), else the
 * first thing wrong: `expired` / `not-yet-valid` (dates), `untrusted` (the chain),
 * `name-mismatch`, or `unreachable` (no TLS handshake at all).
 */
export const tlsCertificateStatusSchema = z.enum([
  'trusted',
  'expired',
  'not-yet-valid',
  'untrusted',
  'name-mismatch',
  'unreachable',
]);
export type TlsCertificateStatus = z.infer<typeof tlsCertificateStatusSchema>;

export const tlsCertificateReportSchema = z
  .object({
    /** The configured `turns:` URL. */
    url: z.string().max(512),
    host: z.string().max(255),
    port: z.number().int().min(1).max(65_535),
    status: tlsCertificateStatusSchema,
    /** The chain verified against the trusted roots (dates aside); null without a handshake. */
    chainTrusted: z.boolean().nullable(),
    /** OpenSSL's verdict on the chain (e.g. DEPTH_ZERO_SELF_SIGNED_CERT, CERT_HAS_EXPIRED); null when none. */
    chainError: z.string().max(100).nullable(),
    selfSigned: z.boolean().nullable(),
    /** The certificate names the host (subjectAltName, RFC 6125). */
    nameMatches: z.boolean().nullable(),
    /** Whole days until notAfter; negative once expired. */
    daysLeft: z.number().int().nullable(),
    validFrom: z.string().max(64).nullable(),
    validTo: z.string().max(64).nullable(),
    subject: z.string().max(500).nullable(),
    issuer: z.string().max(500).nullable(),
    /** The names the certificate is for (its subjectAltName as OpenSSL writes it). */
    altNames: z.string().max(2000).nullable(),
    /** e.g. TLSv1.3. */
    tlsVersion: z.string().max(16).nullable(),
    /** Why there was no handshake, in words; null otherwise. */
    error: z.string().max(500).nullable(),
    elapsedMs: z.number().nonnegative(),
  })
  .strict();
export type TlsCertificateReport = z.infer<typeof tlsCertificateReportSchema>;

export const tlsCertificateReportsSchema = z.array(tlsCertificateReportSchema).max(16);
