/**
 * Budgets that belong to a person, not to a socket or a process: ICE credentials
 * per client address and per invite, and failed invite attempts per address (in
 * their own budget, so a neighbour's bad tokens never use up a valid invite's).
 * rate-limiter-flexible keeps them: in Redis when the server runs clustered
 * (REDIS_URL), so two processes behind a balancer do not each give out a full
 * budget; in memory otherwise. If Redis stops answering, each process falls
 * back to its own memory budget until it is back.
 */
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** Every mint may cost a call to Cloudflare's API or hand out relay capacity: 20 per 2 minutes (about 10 a minute). */
export const ICE_LIMIT = { points: 20, durationSeconds: 120 } as const;
/** Invalid or expired invites one address may present in a minute before it is told to slow down. */
export const AUTH_FAILURE_LIMIT = { points: 10, durationSeconds: 60 } as const;

export interface BudgetLimit {
  points: number;
  durationSeconds: number;
}

export interface BudgetLimits {
  ice: BudgetLimit;
  authFailures: BudgetLimit;
}

export const DEFAULT_BUDGET_LIMITS: BudgetLimits = { ice: ICE_LIMIT, authFailures: AUTH_FAILURE_LIMIT };

export type Spend = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface Budgets {
  /** Spends one ICE mint from every key's budget (address, and invite when there is one). */
  ice(keys: readonly string[]): Promise<Spend>;
  /** Records a failed invite attempt from `address`; not ok once that address has failed too often. */
  authFailure(address: string): Promise<Spend>;
}

/** The store a cluster's budgets live in: the node-redis client the server already holds. */
export interface BudgetStore {
  redis: unknown;
}

function limiter(name: string, limit: BudgetLimit, store?: BudgetStore): RateLimiterAbstract {
  const options = { keyPrefix: `traverse:${name}`, points: limit.points, duration: limit.durationSeconds };
  const memory = new RateLimiterMemory(options);
  if (!store) return memory;
  return new RateLimiterRedis({
    ...options,
    storeClient: store.redis,
    useRedisPackage: true,
    rejectIfRedisNotReady: true,
    insuranceLimiter: memory,
  });
}

async function spend(limiter: RateLimiterAbstract, key: string): Promise<Spend> {
  try {
    await limiter.consume(key);
    return { ok: true };
  } catch (result) {
    if (result instanceof RateLimiterRes)
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(result.msBeforeNext / 1000)) };
    throw result;
  }
}

export function createBudgets(store?: BudgetStore, limits: BudgetLimits = DEFAULT_BUDGET_LIMITS): Budgets {
  const ice = limiter('ice', limits.ice, store);
  const failures = limiter('auth-failures', limits.authFailures, store);
  return {
    async ice(keys) {
      for (const key of keys) {
        const result = await spend(ice, key);
        if (!result.ok) return result;
      }
      return { ok: true };
    },
    authFailure: (address) => spend(failures, `address:${address}`),
  };
}
