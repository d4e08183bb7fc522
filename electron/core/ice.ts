/**
 * The ICE service: picks the provider for the configured mode (ice-mint.ts),
 * caches what it returns until about half the credentials' lifetime
 * (ice-cache.ts), refreshes in the background before they expire
 * (ice-refresh-timer.ts), and tells listeners (the renderer, via `ice:updated`).
 * When a provider fails, calls keep credentials that still work or fall back to
 * the STUN entries with the reason attached (ice-fallback.ts).
 */
import type { IceMode } from '../../shared/config';
import { errorMessage } from '../../shared/error-message';
import { IceError, toIceProblem } from '../../shared/ice/ice-error';
import type { IceConfig, IceStatus } from '../../shared/ipc';
import { createIceCache, type IceCache } from './ice-cache';
import { retryKeepingAt, stunFallback } from './ice-fallback';
import { mintIce, type MintPorts } from './ice-mint';
import { createRefreshTimer, realTimers, refreshTime, type TimerPort } from './ice-refresh-timer';
import type { SettingsStore } from './settings';

export { refreshTime, type TimerPort } from './ice-refresh-timer';

export interface IceServicePorts extends MintPorts {
  settings: SettingsStore;
  now?: () => number;
  timers?: TimerPort;
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

type Listener = (config: IceConfig) => void;

/** Listeners of `ice:updated`; one that throws is logged and does not stop the others. */
function createListeners(log: (message: string) => void) {
  const listeners = new Set<Listener>();
  return {
    add(listener: Listener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    publish(config: IceConfig): void {
      for (const listener of listeners) {
        try {
          listener(config);
        } catch (error) {
          log(`An ice:updated listener failed: ${errorMessage(error)}`);
        }
      }
    },
    clear: () => listeners.clear(),
  };
}

function statusOf(mode: IceMode, cache: IceCache, refreshAt: number | null): IceStatus {
  const current = cache.current;
  return {
    mode,
    source: current?.source ?? null,
    lastFetchAt: current?.fetchedAt ?? null,
    expiresAt: current?.expiresAt ?? null,
    refreshAt,
    ttlSeconds: current?.ttlSeconds ?? null,
    lastError: cache.lastError,
    urls: (current?.iceServers ?? []).flatMap((s) => (typeof s.urls === 'string' ? [s.urls] : s.urls)),
    secretOnThisComputer: mode === 'cloudflare' || mode === 'shared-secret',
    refreshCount: cache.refreshCount,
  };
}

const until = (expiresAt: number | null) => (expiresAt === null ? 'no expiry' : new Date(expiresAt).toISOString());

export function createIceService(ports: IceServicePorts): IceService {
  const now = ports.now ?? Date.now;
  const log = ports.log ?? (() => {});
  const cache = createIceCache();
  const listeners = createListeners(log);
  const timer = createRefreshTimer(ports.timers ?? realTimers, now, () => void background());
  let invite: string | null = null;

  /** Keeps `config` (fetched at `fetchedAt`) unless the settings changed meanwhile, and schedules its refresh. */
  function keep(epoch: number, config: IceConfig, fetchedAt: number): IceConfig {
    if (cache.keep(epoch, config)) timer.schedule(config.error ? null : refreshTime(fetchedAt, config.expiresAt));
    return config;
  }

  async function fetchFresh(epoch: number): Promise<IceConfig> {
    const settings = await ports.settings.get();
    const fetchedAt = now();
    try {
      const minted = await mintIce(settings, ports, { now, invite });
      cache.record(null);
      return keep(epoch, { ...minted, error: null, fetchedAt }, fetchedAt);
    } catch (error) {
      const problem = toIceProblem(error);
      cache.record(problem);
      log(`ICE ${settings.ice.mode}: ${problem.what}: ${problem.cause}`);
      if (!(error instanceof IceError)) log(String(error));
      const retryAt = cache.isCurrent(epoch) ? retryKeepingAt(cache.current, now()) : null;
      if (retryAt !== null && cache.current) {
        timer.schedule(retryAt);
        return cache.current;
      }
      return keep(epoch, stunFallback(settings, problem, fetchedAt), fetchedAt);
    }
  }

  async function background(): Promise<void> {
    if (timer.stopped) return;
    const before = cache.current;
    const config = await cache.once(fetchFresh);
    if (config === before) return;
    log(`ICE credentials refreshed (${config.source}), valid until ${until(config.expiresAt)}`);
    listeners.publish(config);
  }

  const service: IceService = {
    get: async () => cache.fresh(timer.at, now()) ?? cache.once(fetchFresh),
    async refresh() {
      await cache.settled();
      const config = await cache.once(fetchFresh);
      listeners.publish(config);
      return config;
    },
    status: async () => statusOf((await ports.settings.get()).ice.mode, cache, timer.at),
    setInvite(token) {
      if (token === invite) return;
      invite = token;
      service.invalidate();
    },
    invalidate() {
      cache.invalidate();
      timer.schedule(null);
      void background();
    },
    onUpdate: (listener) => listeners.add(listener),
    stop() {
      timer.stop();
      listeners.clear();
    },
  };
  return service;
}
