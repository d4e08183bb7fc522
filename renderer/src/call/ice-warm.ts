/**
 * The ICE configuration the lobby fetches while the preview opens, so Join does not wait for
 * the main process (and, in server or Cloudflare mode, for a network round trip). Kept fresh by
 * `ice:updated` (the main process pushes one after every refresh and every settings, secret or
 * invite change); taken at Join only while it has no error and is not about to expire. A call
 * that starts with servers a change made stale gets the new ones from the same push.
 */
import type { IceConfig } from '../../../shared/ipc';

/** The main process's ICE service, as far as the lobby needs it. */
export interface IceSource {
  get(): Promise<IceConfig>;
  onUpdated(listener: (config: IceConfig) => void): () => void;
}

/** Credentials that expire sooner than this are fetched again at Join. */
const MIN_VALIDITY_MS = 60_000;

export class IceWarm {
  private latest: IceConfig | null = null;
  /** Bumped by forget(): an answer to a request made before it is dropped. */
  private generation = 0;
  private fetching: Promise<void> | null = null;
  private unfollow: (() => void) | null = null;

  constructor(
    private readonly source: () => IceSource,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Fetches the configuration once and follows its updates; failures wait for the next Join. */
  warm(): void {
    if (this.unfollow) return;
    const source = this.source();
    this.unfollow = source.onUpdated((config) => this.keep(config));
    this.fetch(source);
  }

  private fetch(source: IceSource): void {
    const generation = this.generation;
    this.fetching = source.get().then(
      (config) => (generation === this.generation ? this.keep(config) : undefined),
      () => undefined,
    );
  }

  /** The configuration for a Join now: the warm one while good, else a fetch. */
  async take(): Promise<IceConfig> {
    const warm = this.usable();
    if (warm) return warm;
    if (this.fetching) await this.fetching;
    return this.usable() ?? (await this.source().get());
  }

  /** The invite changed: what the server hands out may change with it; the push that follows, or Join, fetches. */
  forget(): void {
    this.latest = null;
    this.generation += 1;
    this.fetching = null;
  }

  close(): void {
    this.unfollow?.();
    this.unfollow = null;
    this.latest = null;
  }

  private usable(): IceConfig | null {
    const config = this.latest;
    if (!config || config.error) return null;
    if (config.expiresAt !== null && config.expiresAt - this.now() < MIN_VALIDITY_MS) return null;
    return config;
  }

  /** The newer of two answers wins (a fetch can come back after a push it predates). */
  private keep(config: IceConfig): void {
    const current = this.latest;
    if (current && (current.fetchedAt ?? 0) > (config.fetchedAt ?? 0)) return;
    this.latest = config;
  }
}
