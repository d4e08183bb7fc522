/**
 * Scale-out: with REDIS_URL, every server process joins one socket.io cluster
 * through the Redis Streams adapter, so rooms, broadcasts, fetchSockets and
 * recovered sessions span processes. Clients use WebSocket only, so a load
 * balancer needs no sticky sessions.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import { errorMessage } from '../shared/error-message';

/** Releases a held lock. */
export type Unlock = () => Promise<void>;

export interface ClusterLink {
  adapter: ReturnType<typeof createAdapter>;
  /**
   * Takes a lock named `name` across every process (Redis SET NX with expiry);
   * rejects when it stays taken for longer than a join may wait.
   */
  lock: (name: string) => Promise<Unlock>;
  /** A random key every process of the cluster shares (made by the first to ask, kept in Redis). */
  sharedKey: (name: string) => Promise<Buffer>;
  /** The node-redis client, for budgets that must hold across processes (server/budgets.ts; rate-limiter-flexible types it loosely). */
  redis: unknown;
  close(): Promise<void>;
}

// A join holds its room's lock for one cluster round trip (at most CLUSTER_TIMEOUT_MS when a
// process is dead); the expiry frees it if the holder itself dies mid-join.
const LOCK_TTL_MS = 6_000;
const LOCK_WAIT_MS = 5_000;
// Deletes the lock only if it is still ours (it may have expired and been taken by another process).
const RELEASE_LOCK =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

// Heartbeats decide how soon a crashed process stops being waited for: a
// request to the cluster (fetchSockets) times out until its heartbeat does.
const HEARTBEAT_INTERVAL_MS = 1_000;
const HEARTBEAT_TIMEOUT_MS = 4_000;
const CONNECT_TIMEOUT_MS = 5_000;

/** Connects to Redis, or fails with what went wrong and what to check. */
export async function connectCluster(redisUrl: string): Promise<ClusterLink> {
  const client = createClient({
    url: redisUrl,
    socket: { connectTimeout: CONNECT_TIMEOUT_MS, reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2_000) },
  });
  // Errors after start (Redis restarting) are retried by the client; log them, never crash.
  let connected = false;
  client.on('error', (error: unknown) => {
    if (connected)
      console.error(
        `Redis connection problem (${String(error)}); retrying. Rooms on other processes are unreachable meanwhile.`,
      );
  });
  try {
    await withTimeout(client.connect(), CONNECT_TIMEOUT_MS);
    connected = true;
  } catch (error) {
    client.destroy();
    throw new Error(
      `Could not connect to Redis at ${redactUrl(redisUrl)} (${errorMessage(error)}). ` +
        'Check that redis-server runs and REDIS_URL is right (redis://host:6379), or unset REDIS_URL to run a single process.',
    );
  }
  const adapter = createAdapter(client, {
    heartbeatInterval: HEARTBEAT_INTERVAL_MS,
    heartbeatTimeout: HEARTBEAT_TIMEOUT_MS,
    // Signaling carries JSON only; skipping binary checks is cheaper, and binary attachments are refused before they get here.
    onlyPlaintext: true,
    // Every process reads every message: at the default 100 per read a busy process reads
    // fewer messages per second than thousands of clients send, falls behind, and loses what
    // the stream trims away. 1,000 per read keeps up with ~10x the load measured in bench/.
    readCount: 1_000,
    // The stream is also the replay buffer for connection state recovery: keep the recovery
    // window's worth of messages at several thousand per second (~100 MB of Redis at most).
    maxLen: 100_000,
  });
  const lock = async (name: string): Promise<Unlock> => {
    const key = `traverse:lock:${name}`;
    const token = randomUUID();
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (let delay = 2; ; delay = Math.min(delay * 2, 50)) {
      if ((await client.set(key, token, { condition: 'NX', expiration: { type: 'PX', value: LOCK_TTL_MS } })) === 'OK')
        break;
      if (Date.now() > deadline) throw new Error('another server process kept this room busy');
      await sleep(delay * (0.5 + Math.random()));
    }
    return async () => {
      await client.eval(RELEASE_LOCK, { keys: [key], arguments: [token] });
    };
  };
  const sharedKey = async (name: string): Promise<Buffer> => {
    const key = `traverse:key:${name}`;
    await client.set(key, randomBytes(32).toString('base64'), { condition: 'NX' });
    const value = await client.get(key);
    if (typeof value !== 'string') throw new Error(`Redis lost the cluster's ${name} key`);
    return Buffer.from(value, 'base64');
  };
  return {
    adapter,
    lock,
    sharedKey,
    redis: client,
    close: async () => {
      if (client.isOpen) await client.close().catch(() => client.destroy());
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** The URL without its password, for messages. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unparsable URL)';
  }
}
