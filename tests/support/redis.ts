/**
 * A real Redis (Debian `redis-server`) on a random loopback port for scale-out
 * tests and benchmarks: no persistence (`--save '' --appendonly no`), stopped by `stop()`.
 */
import { existsSync } from 'node:fs';
import { freeTcpPort } from './ports';
import { spawnUntilLog } from './spawn-until-log';

export const REDIS_SERVER = '/usr/bin/redis-server';

export interface RedisServer {
  port: number;
  pid: number;
  url: string;
  stop(): Promise<void>;
}

export function redisAvailable(): boolean {
  return existsSync(REDIS_SERVER);
}

export async function startRedis(timeoutMs = 10_000): Promise<RedisServer> {
  if (!redisAvailable())
    throw new Error(`${REDIS_SERVER} not found: install Debian's redis-server (apt-get install redis-server)`);
  const port = await freeTcpPort();
  const redis = await spawnUntilLog(
    REDIS_SERVER,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--protected-mode',
      'yes',
      '--loglevel',
      'notice',
    ],
    { until: /Ready to accept connections/, timeoutMs },
  );
  return {
    port,
    pid: redis.child.pid!,
    url: `redis://127.0.0.1:${port}`,
    stop: () => redis.stop(),
  };
}
