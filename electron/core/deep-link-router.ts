/**
 * Gets `traverse:` links from wherever the OS delivers them to the renderer:
 * the first launch's argv, a second launch's argv (the single-instance lock
 * forwards it), and macOS `open-url`. A link that comes before the page
 * listens is kept until the page asks for it (`link:pending`); later ones are
 * pushed (`link:invite`). Electron comes in as ports, so this runs in Node.
 */
import type { InviteLink } from '../../shared/ipc';
import { findDeepLink, maskInviteLink, parseDeepLink } from './deep-link';

export type LinkSource = 'launch' | 'second-instance' | 'open-url' | 'harness';
export type LinkOutcome = 'delivered' | 'queued' | 'ignored';

export interface LinkInboxPorts {
  /** Pushes the link to the page(s); false when none could take it (then it stays queued). */
  send(link: InviteLink): boolean;
  log(message: string): void;
  /**
   * Sees every accepted link before it is delivered. Returning true keeps the link for
   * the next `take()` as well: the page reloads to reach the server the link names.
   */
  onLink?(link: InviteLink): boolean;
}

export interface LinkInbox {
  /** Parses a link from `source` and delivers or queues it. */
  receive(raw: string, source: LinkSource): LinkOutcome;
  /** The page asks for what came before it listened; from now on links are pushed to it. */
  take(): InviteLink | null;
  /** The page went away (closed, reloading, crashed): queue again until it asks. */
  rendererGone(): void;
}

export function createLinkInbox(ports: LinkInboxPorts): LinkInbox {
  let pending: InviteLink | null = null;
  let listening = false;

  return {
    receive(raw, source) {
      const parsed = parseDeepLink(raw);
      if (!parsed.ok) {
        ports.log(`Ignored a link from ${source}: ${parsed.reason} (${maskInviteLink(raw)})`);
        return 'ignored';
      }
      const keep = ports.onLink?.(parsed.link) ?? false;
      if (listening && ports.send(parsed.link)) {
        if (keep) pending = parsed.link;
        ports.log(`Invite link to room "${parsed.link.room}" from ${source} passed to the window`);
        return 'delivered';
      }
      // Only the latest link matters: the lobby holds one invite.
      if (pending)
        ports.log(`Invite link to room "${pending.room}" replaced by a newer one before the window was ready`);
      pending = parsed.link;
      ports.log(`Invite link to room "${parsed.link.room}" from ${source} kept until the window is ready`);
      return 'queued';
    },
    take() {
      listening = true;
      const link = pending;
      pending = null;
      return link;
    },
    rendererGone() {
      listening = false;
    },
  };
}

/** Electron's app, as this module needs it. */
export interface DeepLinkAppPorts {
  requestSingleInstanceLock(): boolean;
  /** Registers the app as the OS handler for `traverse:` links (see protocolClientArgs). */
  registerProtocolClient(): boolean;
  /** `second-instance`: another launch's argv, handed over by the lock. */
  onSecondInstance(listener: (argv: readonly string[]) => void): void;
  /** macOS `open-url` (the wiring calls preventDefault). */
  onOpenUrl(listener: (url: string) => void): void;
  /** Shows, restores and focuses the main window (creating one if there is none and the app is ready). */
  focusWindow(): void;
}

/**
 * Takes the single-instance lock and hooks every way a link arrives. Returns
 * false when another instance holds the lock: Electron has handed this
 * launch's argv to it, and this one should quit.
 */
export function wireDeepLinks(
  app: DeepLinkAppPorts,
  inbox: LinkInbox,
  argv: readonly string[],
  log: (message: string) => void,
): boolean {
  if (!app.requestSingleInstanceLock()) {
    log('Traverse is already running: this launch (and its link, if any) goes to that window');
    return false;
  }
  if (!app.registerProtocolClient())
    log('Could not register as the handler for traverse: links; invite links will not open Traverse');
  app.onSecondInstance((secondArgv) => {
    // A second launch means "show me the app", link or not.
    app.focusWindow();
    const link = findDeepLink(secondArgv);
    if (link !== null) inbox.receive(link, 'second-instance');
  });
  app.onOpenUrl((url) => {
    app.focusWindow();
    inbox.receive(url, 'open-url');
  });
  const first = findDeepLink(argv);
  if (first !== null) inbox.receive(first, 'launch');
  return true;
}
