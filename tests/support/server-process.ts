/**
 * The standalone signaling server (`server/index.ts`) as a child process, the
 * way it is deployed (`npm run server`'s Node flags, configuration by
 * environment), killable like a real crash.
 */
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SERVER_NODE_FLAGS } from '../../server/node-flags';
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

export async function startServerProcess(env: Record<string, string> = {}, timeoutMs = 30_000): Promise<ServerProcess> {
  const port = await freeTcpPort();
  const server = await spawnUntilLog(process.execPath, [...SERVER_NODE_FLAGS, '--import', 'tsx', 'server/index.ts'], {
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
