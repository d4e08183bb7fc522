/**
 * The standalone signaling server (`server/index.ts`) as a child process, the
 * way `npm run server` starts it (plain `node --import tsx`, configuration by
 * environment), killable like a real crash. The benchmark adds its V8 flags.
 */
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freeTcpPort } from './ports';
import { spawnUntilLog } from './spawn-until-log';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ServerProcess {
  url: string;
  port: number;
  child: ChildProcess;
  log(): string;
  /** SIGKILL: no goodbye to clients or to the cluster, like a crash. */
  kill(): Promise<void>;
  /** SIGTERM: the graceful stop `npm run server` does on a deploy. */
  stop(): Promise<void>;
}

export interface ServerProcessOptions {
  timeoutMs?: number;
  /** Node and V8 flags before the script, as an operator may add them (bench/server-flags.ts). */
  nodeFlags?: readonly string[];
}

export async function startServerProcess(
  env: Record<string, string> = {},
  { timeoutMs = 30_000, nodeFlags = [] }: ServerProcessOptions = {},
): Promise<ServerProcess> {
  const port = await freeTcpPort();
  const server = await spawnUntilLog(process.execPath, [...nodeFlags, '--import', 'tsx', 'server/index.ts'], {
    name: 'signaling server',
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), ...env },
    until: 'listening on',
    timeoutMs,
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    child: server.child,
    log: server.log,
    kill: () => server.stop('SIGKILL'),
    stop: () => server.stop('SIGTERM'),
  };
}
