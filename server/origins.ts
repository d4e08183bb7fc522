/**
 * Which web pages may talk to the signaling server. Browsers send an Origin
 * header on every WebSocket handshake and every cross-origin fetch, and a page
 * cannot forge it, so a page on another site (or any site the person happens to
 * visit) is refused. Allowed are the app's own origin (`app://traverse`, the
 * renderer of the desktop app) and the origins the operator lists
 * (ALLOWED_ORIGINS, or `allowedOrigins` for an embedding host such as the web
 * harness). A request without an Origin header does not come from a web page
 * (browsers always send one here): programs such as the desktop app's main
 * process, `npm run bench` or the tests; they are admitted, and still need an
 * invite when AUTH_SECRET is set.
 */

/** The desktop app's renderer origin (electron/core/guards.ts APP_ORIGIN; server/ must not import electron/). */
export const APP_ORIGIN = 'app://traverse';

/**
 * `scheme://host[:port]` as a browser writes it in an Origin header (lower case,
 * no default port), or null when `text` is not an origin (a path, a wildcard, no host).
 */
export function normalizeOrigin(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  const bare = (url.pathname === '' || url.pathname === '/') && !url.search && !url.hash;
  if (!bare || url.username || url.password || !url.host || text.includes('*')) return null;
  // Special schemes (http, https) normalise host and port in url.origin; others (app:) keep their host.
  return url.origin !== 'null' ? url.origin : `${url.protocol}//${url.host.toLowerCase()}`;
}

export interface OriginPolicy {
  /** True when a request with this Origin header (undefined: none) may go on. */
  allows(origin: string | undefined): boolean;
  /** The words for a refused origin: what happened and how an operator allows it. */
  refusal(origin: string): { what: string; cause: string; fix: string };
  readonly allowed: readonly string[];
}

/** The policy for the app's origin plus `extra`; throws on an entry that is not an origin. */
export function originPolicy(extra: readonly string[] = []): OriginPolicy {
  const allowed = [APP_ORIGIN];
  for (const entry of extra) {
    const origin = normalizeOrigin(entry);
    if (!origin)
      throw new Error(`Allowed origins: "${entry.slice(0, 80)}" is not an origin like https://calls.example.org`);
    if (!allowed.includes(origin)) allowed.push(origin);
  }
  const set = new Set(allowed);
  return {
    allowed,
    allows: (origin) => origin === undefined || set.has(origin),
    refusal: (origin) => {
      // Echo the origin only when it is one (it is the requester's text).
      const shown = normalizeOrigin(origin) === origin ? origin : 'an unreadable origin';
      return {
        what: `This signaling server refused a request from the web page at ${shown}`,
        cause:
          'It only accepts the Traverse app and the web origins its operator lists, so that other web sites a person visits cannot join their calls',
        fix: `If ${shown} is your own web app, add it to ALLOWED_ORIGINS (comma-separated) where the server runs, and restart it.`,
      };
    },
  };
}

/** The refusal as one sentence, for the places that carry text only (a refused WebSocket upgrade). */
export function refusalText(problem: { what: string; cause: string; fix: string }): string {
  return `${problem.what}. ${problem.cause}. ${problem.fix}`;
}
