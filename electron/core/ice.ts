/**
 * Picks the ICE provider for the configured mode, caches what it returns until
 * about half the credentials' lifetime, refreshes in the background before
 * they expire, and tells listeners (the renderer, via `ice:updated`). When a
 * provider fails, calls fall back to the STUN entries with the reason attached.
 */
import type { Settings } from '../../shared/config';
import { IceError, toIceProblem } from '../../shared/ice/ice-error';
import { CLOUDFLARE_API_BASE, mintCloudflare } from '../../shared/ice/ice-provider-cloudflare';
import { manualIce, manualPasswordName, stunOnly } from '../../shared/ice/ice-provider-manual';
import { fetchServerIce } from '../../shared/ice/ice-provider-server';
import { mintSharedSecret } from '../../shared/ice/ice-provider-shared-secret';
import type { FetchPort, IceProblem, MintedIce } from '../../shared/ice/ice-types';
import type { IceConfig, IceStatus } from '../../shared/ipc';
import type { SettingsStore } from './settings';
import type { Vault } from './vault';

export interface TimerPort {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface IceServicePorts {
  settings: SettingsStore;
  vault: Pick<Vault, 'get'>;
  fetch?: FetchPort;
  now?: () => number;
  timers?: TimerPort;
  /** The signaling server's HTTP base, asked in server mode when no ICE URL is set. */
  signalingUrl: () => Promise<string>;
  cloudflareApiBase?: string;
  log?: (message: string) => void;
}

export interface IceService {
  /** Cached servers while fresh; otherwise fetches (one request however many callers). */
  get(): Promise<IceConfig>;
  /** Fetches now, whatever the cache holds, and tells listeners. */
  refresh(): Promise<IceConfig>;
  status(): Promise<IceStatus>;
  /** Server mode's bearer token (an invite), kept in memory only; a change refetches. */
  setInvite(token: string | null): void;
  /** Settings or secrets changed: drop the cache, fetch again in the background, tell listeners. */
  invalidate(): void;
  onUpdate(listener: (config: IceConfig) => void): () => void;
  stop(): void;
}

/** Refresh when half the lifetime is gone: room for a failed attempt or two before expiry. */
export function refreshTime(fetchedAt: number, expiresAt: number | null): number | null {
  return expiresAt === null ? null : fetchedAt + Math.max(0, expiresAt - fetchedAt) / 2;
}

/** The shortest wait before retrying after a failure. */
const MIN_RETRY_MS = 2_000;

const realTimers: TimerPort = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function createIceService(ports: IceServicePorts): IceService {
  const now = ports.now ?? Date.now;
  const timers = ports.timers ?? realTimers;
  const log = ports.log ?? (() => {});
  const listeners = new Set<(config: IceConfig) => void>();
  let current: IceConfig | null = null;
  let lastError: IceProblem | null = null;
  let refreshAt: number | null = null;
  let refreshCount = 0;
  let inflight: Promise<IceConfig> | null = null;
  let timer: unknown;
  /** Bumped on invalidate, so an answer for old settings is not cached as current. */
  let generation = 0;
  let stopped = false;
  let invite: string | null = null;

  async function mint(settings: Settings): Promise<MintedIce> {
    const { ice } = settings;
    switch (ice.mode) {
      case 'manual':
        return manualIce(ice.servers, (i) => ports.vault.get(manualPasswordName(i)));
      case 'cloudflare':
        return mintCloudflare({
          keyId: ice.cloudflare.tokenId,
          apiToken: (await ports.vault.get('cloudflare-api-token')) ?? '',
          ttlSeconds: ice.ttlSeconds,
          apiBase: ports.cloudflareApiBase ?? CLOUDFLARE_API_BASE,
          now,
          ...(ports.fetch ? { fetch: ports.fetch } : {}),
        });
      case 'shared-secret':
        return mintSharedSecret({
          secret: (await ports.vault.get('turn-shared-secret')) ?? '',
          urls: ice.sharedSecret.urls,
          user: ice.sharedSecret.user,
          ttlSeconds: ice.ttlSeconds,
          now,
        });
      case 'server':
        return fetchServerIce({
          baseUrl: ice.server.url || (await ports.signalingUrl()),
          ...(invite ? { token: invite } : {}),
          ...(ports.fetch ? { fetch: ports.fetch } : {}),
        });
    }
  }

  function fallback(settings: Settings, problem: IceProblem, fetchedAt: number): IceConfig {
    // Only what the person configured: no STUN server they did not choose (there may be none: host candidates still work on a LAN).
    return {
      iceServers: stunOnly(settings.ice.servers),
      expiresAt: null,
      ttlSeconds: null,
      source: 'stun-fallback',
      error: problem,
      fetchedAt,
    };
  }

  function schedule(at: number | null): void {
    timers.clear(timer);
    timer = undefined;
    refreshAt = at;
    if (at === null || stopped) return;
    timer = timers.set(() => void background(), Math.max(0, at - now()));
  }

  function publish(config: IceConfig): void {
    for (const listener of listeners) {
      try {
        listener(config);
      } catch (error) {
        log(`An ice:updated listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  async function fetchFresh(): Promise<IceConfig> {
    const started = generation;
    const settings = await ports.settings.get();
    const fetchedAt = now();
    let next: IceConfig;
    try {
      const minted = await mint(settings);
      next = { ...minted, error: null, fetchedAt };
      lastError = null;
    } catch (error) {
      const problem = toIceProblem(error);
      lastError = problem;
      log(`ICE ${settings.ice.mode}: ${problem.what}: ${problem.cause}`);
      if (!(error instanceof IceError)) log(String(error));
      // Credentials that still work beat a STUN-only fallback: keep them and retry soon.
      const previous = current;
      if (
        started === generation &&
        previous &&
        !previous.error &&
        previous.expiresAt !== null &&
        previous.expiresAt - now() > MIN_RETRY_MS
      ) {
        schedule(now() + Math.max(MIN_RETRY_MS, (previous.expiresAt - now()) / 4));
        return previous;
      }
      next = fallback(settings, problem, fetchedAt);
    }
    if (started !== generation) return next;
    current = next;
    refreshCount += 1;
    schedule(next.error ? null : refreshTime(fetchedAt, next.expiresAt ?? null));
    return next;
  }

  function fetchOnce(): Promise<IceConfig> {
    if (inflight) return inflight;
    const pending = fetchFresh().finally(() => {
      if (inflight === pending) inflight = null;
    });
    inflight = pending;
    return pending;
  }

  async function background(): Promise<void> {
    if (stopped) return;
    const before = current;
    const config = await fetchOnce();
    if (config !== before) {
      log(
        `ICE credentials refreshed (${config.source}), valid until ${config.expiresAt === null ? 'no expiry' : new Date(config.expiresAt).toISOString()}`,
      );
      publish(config);
    }
  }

  return {
    async get() {
      const cached = current;
      const fresh = cached && !cached.error && (refreshAt === null || now() < refreshAt);
      if (fresh) return cached;
      return fetchOnce();
    },
    async refresh() {
      await inflight?.catch(() => undefined);
      const config = await fetchOnce();
      publish(config);
      return config;
    },
    async status() {
      const settings = await ports.settings.get();
      const mode = settings.ice.mode;
      return {
        mode,
        source: current?.source ?? null,
        lastFetchAt: current?.fetchedAt ?? null,
        expiresAt: current?.expiresAt ?? null,
        refreshAt,
        ttlSeconds: current?.ttlSeconds ?? null,
        lastError,
        urls: (current?.iceServers ?? []).flatMap((s) => (typeof s.urls === 'string' ? [s.urls] : s.urls)),
        secretOnThisComputer: mode === 'cloudflare' || mode === 'shared-secret',
        refreshCount,
      };
    },
    setInvite(token) {
      if (token === invite) return;
      invite = token;
      this.invalidate();
    },
    invalidate() {
      generation += 1;
      current = null;
      lastError = null;
      schedule(null);
      inflight = null;
      void background();
    },
    onUpdate(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      stopped = true;
      schedule(null);
      listeners.clear();
    },
  };
}
