/**
 * The signaling server an invite link named (`traverse:join?…&server=…`): while
 * set, this app joins calls through it instead of its own or the configured one.
 * Held in memory for this run only; a link without a server, a change of the
 * signaling settings, or "Use my own server" in the lobby clears it.
 */
export interface GuestServer {
  get(): string | null;
  /** Returns true when the server changed (the page then reloads to allow the new one in its CSP). */
  set(url: string | null): boolean;
}

export function createGuestServer(): GuestServer {
  let server: string | null = null;
  return {
    get: () => server,
    set(url) {
      const next = url === null ? null : new URL(url).origin;
      const changed = next !== server;
      server = next;
      return changed;
    },
  };
}
