/**
 * A real Redis (Debian `redis-server`) on a random loopback port for scale-out
 * tests and benchmarks: no persistence (`--save '' --appendonly no`), stopped by `stop()`.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { freeTcpPort } from './ports';

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
  if (!redisAvailable()) throw new Error(`${REDIS_SERVER} not found: install Debian's redis-server (apt-get install redis-server)`);
  const port = await freeTcpPort();
  const child = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes', '--loglevel', 'notice'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start on port ${port} within ${timeoutMs} ms:\n${log}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      if (/Ready to accept connections/.test(log)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with code ${code} before it was ready:\n${log}`));
    });
  });
  return {
    port,
    pid: child.pid!,
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
