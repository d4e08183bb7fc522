/**
 * Fresh Janus tokens at half their lifetime (Janus checks them on every request, keepalives too):
 * asked of the signaling server (`admission`), retried every 10 s while it does not answer, with
 * words that say when Janus will end the call without them.
 */
import type { JanusAdmission } from '../../../../shared/janus';

export interface TokenRefreshOptions {
  /** The signaling server's fresh admission; without it nothing is refreshed. */
  fetch: (() => Promise<JanusAdmission>) | undefined;
  current(): JanusAdmission;
  fresh(admission: JanusAdmission): void;
  problem(message: string): void;
}

const RETRY_MS = 10_000;

export class TokenRefresh {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(private readonly options: TokenRefreshOptions) {}

  /** Plans the next refresh (by default at half the current tokens' lifetime). */
  schedule(delayMs = (this.options.current().expiresAt - Date.now()) / 2): void {
    const { fetch } = this.options;
    if (this.stopped || !fetch) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(
      () => {
        fetch().then(
          (fresh) => {
            this.options.fresh(fresh);
            this.schedule();
          },
          (error: unknown) => {
            const until = new Date(this.options.current().expiresAt).toLocaleTimeString();
            this.options.problem(
              `Fresh tokens for the group call could not be fetched (${(error as Error).message}); the SFU ends the call at ${until} unless the signaling server answers. Retrying in 10 s.`,
            );
            this.schedule(RETRY_MS);
          },
        );
      },
      Math.max(1_000, delayMs),
    );
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}
