/**
 * What every ICE provider produces, and the wire shape of the server's `/ice`
 * answer (HTTP and socket). Shared so the server, the main process and tests
 * agree on one schema.
 */
import { z } from 'zod';

export const rtcIceServerSchema = z.object({
  urls: z.union([z.string(), z.array(z.string())]),
  username: z.string().optional(),
  credential: z.string().optional(),
});
export type IceServer = z.infer<typeof rtcIceServerSchema>;

/** Where a set of ICE servers came from. */
export const iceSourceSchema = z.enum(['manual', 'cloudflare', 'shared-secret', 'server', 'stun-fallback']);
export type IceSource = z.infer<typeof iceSourceSchema>;

/** A person-facing problem: what failed, the likely cause, and the fix. */
export const iceProblemSchema = z.object({ what: z.string(), cause: z.string(), fix: z.string() });
export type IceProblem = z.infer<typeof iceProblemSchema>;

/** Servers with credentials, as minted by one provider. */
export interface MintedIce {
  iceServers: IceServer[];
  /** Lifetime the credentials were minted for; null when nothing expires (STUN, static passwords). */
  ttlSeconds: number | null;
  /** Epoch ms after which the credentials stop working; null when nothing expires. */
  expiresAt: number | null;
  source: IceSource;
}

/** `GET /ice` and the `ice` socket event: fresh credentials per request. */
export const iceResponseSchema = z.object({
  iceServers: z.array(rtcIceServerSchema),
  ttlSeconds: z.number().int().positive(),
  expiresAt: z.number().int().positive(),
  source: z.enum(['manual', 'cloudflare', 'shared-secret']),
});
export type IceResponse = z.infer<typeof iceResponseSchema>;

/** fetch as providers use it: injected so tests and the main process pass their own. */
export type FetchPort = (input: string, init?: RequestInit) => Promise<Response>;
