/**
 * Cloudflare Realtime TURN: exchanges the TURN key's API token for short-lived
 * credentials. Accepts both documented answers (`iceServers` as a list, or as
 * one object; `urls` as a string or a list) and drops port-53 URLs, which
 * browsers block.
 */
import { z } from 'zod';
import { cloudflareProblems, IceError } from './ice-error';
import type { FetchPort, IceServer, MintedIce } from './ice-types';
import { fetchWithTimeout, parseJson } from './fetch-with-timeout';

export const CLOUDFLARE_API_BASE = 'https://rtc.live.cloudflare.com';
const CLOUDFLARE_TIMEOUT_MS = 5_000;

export interface CloudflareRequest {
  keyId: string;
  apiToken: string;
  ttlSeconds: number;
  apiBase?: string;
  fetch?: FetchPort;
  now?: () => number;
  timeoutMs?: number;
}

const cloudflareServerSchema = z.object({
  urls: z.union([z.string(), z.array(z.string())]),
  username: z.string().optional(),
  credential: z.string().optional(),
});
const cloudflareAnswerSchema = z.object({
  iceServers: z.union([z.array(cloudflareServerSchema), cloudflareServerSchema]),
});

const PORT_53 = /^(stun|turns?):(\[[^\]]*\]|[^:?]*):53(\?|$)/;

/** Browsers refuse port 53 for WebRTC; Cloudflare lists it anyway for native clients. */
export function isPort53(url: string): boolean {
  return PORT_53.test(url);
}

/** The documented answer, normalised: a list of servers, port-53 URLs removed, empty entries dropped. */
export function normaliseCloudflareAnswer(answer: unknown): IceServer[] {
  const parsed = cloudflareAnswerSchema.safeParse(answer);
  if (!parsed.success) {
    throw new IceError(cloudflareProblems.malformed(parsed.error.issues[0]?.message ?? 'unexpected shape'));
  }
  const list = Array.isArray(parsed.data.iceServers) ? parsed.data.iceServers : [parsed.data.iceServers];
  const servers: IceServer[] = [];
  for (const server of list) {
    const urls = (typeof server.urls === 'string' ? [server.urls] : server.urls).filter((u) => !isPort53(u));
    if (urls.length === 0) continue;
    servers.push({
      urls,
      ...(server.username === undefined ? {} : { username: server.username }),
      ...(server.credential === undefined ? {} : { credential: server.credential }),
    });
  }
  const hasTurn = servers.some((s) => s.username && s.credential && [s.urls].flat().some((u) => /^turns?:/.test(u)));
  if (!hasTurn) throw new IceError(cloudflareProblems.malformed('no TURN server with credentials in the answer'));
  return servers;
}

export async function mintCloudflare(request: CloudflareRequest): Promise<MintedIce> {
  if (!request.keyId) throw new IceError(cloudflareProblems.missingKeyId());
  if (!request.apiToken) throw new IceError(cloudflareProblems.missingToken());
  const base = (request.apiBase ?? CLOUDFLARE_API_BASE).replace(/\/+$/, '');
  const now = request.now ?? Date.now;
  const timeoutMs = request.timeoutMs ?? CLOUDFLARE_TIMEOUT_MS;
  const url = `${base}/v1/turn/keys/${encodeURIComponent(request.keyId)}/credentials/generate-ice-servers`;
  const startedAt = now();
  const outcome = await fetchWithTimeout(
    request.fetch ?? fetch,
    url,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${request.apiToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ttl: request.ttlSeconds }),
    },
    timeoutMs,
  );
  if (outcome.kind === 'timeout') throw new IceError(cloudflareProblems.timeout(base, timeoutMs));
  if (outcome.kind === 'unreachable') throw new IceError(cloudflareProblems.unreachable(base, outcome.detail));
  const { status, body } = outcome;
  if (status === 401 || status === 403) throw new IceError(cloudflareProblems.unauthorized(status));
  if (status === 404) throw new IceError(cloudflareProblems.notFound());
  if (status === 400 || status === 422) throw new IceError(cloudflareProblems.badRequest(status, request.ttlSeconds));
  if (status >= 500) throw new IceError(cloudflareProblems.serverError(status));
  if (status !== 200 && status !== 201) throw new IceError(cloudflareProblems.unexpectedStatus(status));
  const json = parseJson(body);
  if (json === undefined) throw new IceError(cloudflareProblems.malformed('the body is not JSON'));
  return {
    iceServers: normaliseCloudflareAnswer(json),
    ttlSeconds: request.ttlSeconds,
    // Counted from when we asked, so clock time spent waiting only shortens our estimate.
    expiresAt: startedAt + request.ttlSeconds * 1000,
    source: 'cloudflare',
  };
}
