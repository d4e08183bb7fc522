/**
 * The parts of a connection test run that the main process answers (issue 18): the NAT's
 * behaviour, each `turns:` server's certificate, and how long the current TURN credentials
 * last. They travel with the run in the store, so the screen, the ladder and the exported
 * report all read the same answers.
 */
import { z } from 'zod';
import { iceModeSchema } from './config';
import { iceProblemSchema } from './ice/ice-types';
import { natBehaviourSchema } from './nat-behaviour';
import { tlsCertificateReportSchema } from './tls-certificate';

/** One main-process answer: asked, answered, failed (in words), or not askable (no main process). */
function probeSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('state', [
    z.object({ state: z.literal('running') }),
    z.object({ state: z.literal('done'), value }),
    z.object({ state: z.literal('failed'), error: z.string() }),
    z.object({ state: z.literal('unavailable') }),
  ]);
}

/** What the ICE service says of the credentials calls get now (ice:status), without any credential. */
export const credentialLifetimeSchema = z.object({
  mode: iceModeSchema,
  /** Where the servers in use came from; null before the first fetch. */
  source: z.string().nullable(),
  /** Epoch ms after which they stop working; null for static passwords and STUN-only lists. */
  expiresAt: z.number().nullable(),
  /** When the app fetches new ones by itself; null when nothing is scheduled. */
  refreshAt: z.number().nullable(),
  /** The last fetch's problem, when it failed (then the app keeps the old ones while they work). */
  lastError: iceProblemSchema.nullable(),
  /** Epoch ms of the answer: lifetimes are counted from here. */
  checkedAt: z.number(),
});
export type CredentialLifetime = z.infer<typeof credentialLifetimeSchema>;

export const natProbeSchema = probeSchema(natBehaviourSchema);
export const certificatesProbeSchema = probeSchema(z.array(tlsCertificateReportSchema));
export const credentialsProbeSchema = probeSchema(credentialLifetimeSchema);
export type NatProbe = z.infer<typeof natProbeSchema>;
export type CertificatesProbe = z.infer<typeof certificatesProbeSchema>;
export type CredentialsProbe = z.infer<typeof credentialsProbeSchema>;
export type MainProbe = NatProbe | CertificatesProbe | CredentialsProbe;

/** The main-process answers of a run that asked nothing yet. */
export const MAIN_PROBES_RUNNING = {
  nat: { state: 'running' },
  certificates: { state: 'running' },
  credentials: { state: 'running' },
} as const satisfies { nat: NatProbe; certificates: CertificatesProbe; credentials: CredentialsProbe };
