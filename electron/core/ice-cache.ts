/**
 * What the ICE service holds: the configuration in use and the last problem,
 * one fetch at a time however many callers ask, and an epoch so that an answer
 * for settings that have changed since (invalidate) is not kept as current.
 */
import type { IceProblem } from '../../shared/ice/ice-types';
import type { IceConfig } from '../../shared/ipc';

export interface IceCache {
  readonly current: IceConfig | null;
  readonly lastError: IceProblem | null;
  /** How many configurations have been kept so far. */
  readonly refreshCount: number;
  /** The current configuration while it needs no fetch: no error, and before `refreshAt`. */
  fresh(refreshAt: number | null, now: number): IceConfig | null;
  /** Runs `fetch` unless one is running, whose answer the caller then shares. */
  once(fetch: (epoch: number) => Promise<IceConfig>): Promise<IceConfig>;
  /** Resolves when the running fetch, if any, has settled, however it ended. */
  settled(): Promise<void>;
  /** Whether no invalidate() came since `epoch` (the one `once` handed a fetch). */
  isCurrent(epoch: number): boolean;
  /** Keeps `config` as current if `epoch` still is; returns whether it did. */
  keep(epoch: number, config: IceConfig): boolean;
  /** The outcome of the last attempt: null after a success. */
  record(problem: IceProblem | null): void;
  /** Settings or secrets changed: forget the current configuration, its problem and the running fetch. */
  invalidate(): void;
}

export function createIceCache(): IceCache {
  let current: IceConfig | null = null;
  let lastError: IceProblem | null = null;
  let refreshCount = 0;
  let epoch = 0;
  let inflight: Promise<IceConfig> | null = null;
  return {
    get current() {
      return current;
    },
    get lastError() {
      return lastError;
    },
    get refreshCount() {
      return refreshCount;
    },
    fresh(refreshAt, now) {
      return current && !current.error && (refreshAt === null || now < refreshAt) ? current : null;
    },
    once(fetch) {
      if (inflight) return inflight;
      const pending = fetch(epoch).finally(() => {
        if (inflight === pending) inflight = null;
      });
      inflight = pending;
      return pending;
    },
    async settled() {
      await inflight?.catch(() => undefined);
    },
    isCurrent: (started) => started === epoch,
    keep(started, config) {
      if (started !== epoch) return false;
      current = config;
      refreshCount += 1;
      return true;
    },
    record(problem) {
      lastError = problem;
    },
    invalidate() {
      epoch += 1;
      current = null;
      lastError = null;
      inflight = null;
    },
  };
}
