/**
 * Server mode: asks our signaling server's `GET /ice`, which holds the secrets
 * and mints fresh credentials per request. Nothing secret lives on this computer.
 */
import { IceError, serverProblems } from './ice-error';
import { iceProblemSchema, iceResponseSchema, type FetchPort, type MintedIce } from './ice-types';
import { fetchWithTimeout, parseJson } from './fetch-with-timeout';

const SERVER_TIMEOUT_MS = 5_000;

export interface ServerRequest {
  /** The server's base URL (http[s]://host:port); `/ice` is added. */
  baseUrl: string;
  fetch?: FetchPort;
  timeoutMs?: number;
  /** Sent as a bearer token when the server asks for one. */
  token?: string;
}

function iceEndpoint(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/ice`;
}

export async function fetchServerIce(request: ServerRequest): Promise<MintedIce> {
  const url = iceEndpoint(request.baseUrl);
  const timeoutMs = request.timeoutMs ?? SERVER_TIMEOUT_MS;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (request.token) headers.authorization = `Bearer ${request.token}`;
  const outcome = await fetchWithTimeout(request.fetch ?? fetch, url, { method: 'GET', headers }, timeoutMs);
  if (outcome.kind === 'timeout') throw new IceError(serverProblems.timeout(url, timeoutMs));
  if (outcome.kind === 'unreachable') throw new IceError(serverProblems.unreachable(url, outcome.detail));
  const json = parseJson(outcome.body);
  if (outcome.status !== 200) {
    const detail = iceProblemSchema.safeParse((json as { error?: unknown } | undefined)?.error);
    throw new IceError(serverProblems.refused(url, outcome.status, detail.success ? detail.data : undefined));
  }
  const parsed = iceResponseSchema.safeParse(json);
  if (!parsed.success) throw new IceError(serverProblems.malformed(url, parsed.error.issues[0]?.message ?? 'not JSON'));
  const { iceServers, ttlSeconds, expiresAt } = parsed.data;
  return { iceServers, ttlSeconds, expiresAt, source: 'server' };
}
