/**
 * Who may talk to the web harness: requests to this loopback host:port only
 * (a page on another name that resolves here, DNS rebinding, is refused), each
 * carrying the per-run token: the `x-traverse-token` header, `?token=` in the
 * address, or the HttpOnly cookie the page gets when it loads with the token.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'traverse-harness-token';
const PROFILE = /^[A-Za-z0-9_-]{1,32}$/;

export type GuardResult = { ok: true } | { ok: false; status: 400 | 403; error: string };

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The names this harness answers to: loopback with its own port, plus any the caller adds (the NAT lab's address). */
export function loopbackHosts(port: number, extra: readonly string[] = []): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, ...extra].map((h) => h.toLowerCase()));
}

function cookieToken(req: IncomingMessage): string {
  const header = req.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return value.join('=');
  }
  return '';
}

/** The token a request carries, wherever it put it. */
export function requestToken(req: IncomingMessage, url: URL): string {
  const header = req.headers['x-traverse-token'];
  if (typeof header === 'string' && header !== '') return header;
  return url.searchParams.get('token') ?? cookieToken(req);
}

/** `?profile=` as written in the address: refused with a reason when it is not a profile name (or not decodable). */
export function profileProblem(rawUrl: string): string | null {
  const match = /[?&]profile=([^&#]*)/.exec(rawUrl);
  if (!match) return null;
  let name: string;
  try {
    name = decodeURIComponent(match[1]!.replace(/\+/g, ' '));
  } catch {
    return 'The profile in the address (?profile=…) has a broken %-escape. Use a name of 1-32 letters, digits, dashes or underscores.';
  }
  return PROFILE.test(name)
    ? null
    : `"${name.slice(0, 40)}" is not a profile name. Use 1-32 letters, digits, dashes or underscores in ?profile=.`;
}

/** The guard every request passes first. */
export function guardRequest(req: IncomingMessage, url: URL, token: string, hosts: Set<string>): GuardResult {
  const host = (req.headers.host ?? '').toLowerCase();
  if (!hosts.has(host)) {
    return {
      ok: false,
      status: 403,
      error: `The web harness only answers requests addressed to ${[...hosts][0] ?? 'loopback'} (this request's Host was "${host.slice(0, 80)}"): a page on another name cannot reach it. Open the URL the harness printed.`,
    };
  }
  if (!sameToken(requestToken(req, url), token)) {
    return {
      ok: false,
      status: 403,
      error: 'The web harness needs its token: open the URL it printed (with ?token=…), or send x-traverse-token.',
    };
  }
  const problem = profileProblem(req.url ?? '/');
  if (problem) return { ok: false, status: 400, error: problem };
  try {
    decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, status: 400, error: `The path "${url.pathname.slice(0, 80)}" has a broken %-escape.` };
  }
  return { ok: true };
}
