/**
 * Starts a helper process for tests (a server, coturn, Redis, the NAT lab
 * harness) and waits until it is ready: until it logs a line, or until a probe
 * says so. A start that fails says why with the process's own last words, so a
 * red run explains itself without a second one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { basename } from 'node:path';
import { errorMessage } from '../../shared/error-message';

export interface SpawnUntilLogOptions {
  /**
   * Ready when stdout or stderr contains this text or matches this pattern; or,
   * for a process that does not log its readiness, when this probe resolves.
   */
  until: RegExp | string | (() => Promise<unknown>);
  /** How long the start may take; after that the process is killed and the start fails. Default 30 s, a cap only, reached on a loaded CI machine (`npm run server` took over 10 s at load 40). */
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** What errors call the process; the command's file name by default. */
  name?: string;
  /** After `stop()`'s signal, SIGKILL the process if it is still running this many ms later. Default: wait as long as it takes. */
  killAfterMs?: number;
  /**
   * Start it in a process group of its own, and send signals to the whole group:
   * for a command that runs the real process as its child (`npm run …`), so
   * stopping it stops what it started too.
   */
  group?: boolean;
}

/** Its functions use no `this`: hand them on as they are (`log: proc.log`). */
export interface LoggedProcess {
  child: ChildProcess;
  /** Everything the process has written to stdout and stderr so far. */
  log: () => string;
  /** Resolves with the first text matching `pattern`; rejects, with the log, if the process ends first or `timeoutMs` (default 20 s) passes. */
  waitForLog: (pattern: RegExp | string, timeoutMs?: number) => Promise<string>;
  /** Sends `signal` (SIGTERM by default) unless the process has ended, and resolves once it has. */
  stop: (signal?: NodeJS.Signals) => Promise<void>;
}

/** Enough of the log to show the error that stopped a start, without burying the test's own message. */
const TAIL_CHARS = 3_000;

const describe = (pattern: RegExp | string) =>
  typeof pattern === 'string' ? JSON.stringify(pattern) : String(pattern);

export async function spawnUntilLog(
  command: string,
  args: readonly string[],
  options: SpawnUntilLogOptions,
): Promise<LoggedProcess> {
  const { until, timeoutMs = 30_000, killAfterMs } = options;
  const name = options.name ?? basename(command);
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.group === true,
  });
  const signal = (sig: NodeJS.Signals) => {
    if (options.group && child.pid !== undefined) {
      try {
        process.kill(-child.pid, sig);
      } catch {
        // the group is gone already
      }
    } else child.kill(sig);
  };

  let output = '';
  /** Why the process ended ("exited with code 1"), or null while it runs. */
  let ended: string | null = null;
  /** Pending waits: each looks again at the output and at `ended` whenever either changes. */
  const watchers = new Set<() => void>();
  const notify = () => {
    for (const watch of [...watchers]) watch();
  };
  const onData = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    notify();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<void>((resolve) => {
    const end = (why: string) => {
      if (ended !== null) return;
      ended = why;
      resolve();
      notify();
    };
    // Only a failed spawn ends the process here; a failed kill also emits 'error' but is answered by 'exit'.
    child.on('error', (error) => {
      if (child.pid === undefined) end(`could not be started (${error.message})`);
    });
    child.once('exit', (code, signal) => {
      const why = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      // 'close' follows the last output, which is usually the reason it exited; a grandchild holding the pipes must not hang us.
      const late = setTimeout(() => end(why), 1_000);
      child.once('close', () => {
        clearTimeout(late);
        end(why);
      });
    });
  });

  /** Resolves with what `check` finds (or `probe` gives); rejects, with the log, when the process ends first or time runs out. */
  function waitUntil<T>(
    done: string,
    notDone: string,
    ms: number,
    check: () => T | undefined,
    probe?: Promise<T>,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        watchers.delete(watch);
        settle();
      };
      const fail = (why: string) => {
        const log = (output.length > TAIL_CHARS ? `…${output.slice(-TAIL_CHARS)}` : output).trimEnd() || '(nothing)';
        finish(() => reject(new Error(`${name} ${why}; its output${ended === null ? ' so far' : ''}:\n${log}`)));
      };
      const watch = () => {
        const found = check();
        if (found !== undefined) finish(() => resolve(found));
        else if (ended !== null) fail(`${ended} before it ${done}`);
      };
      const timer = setTimeout(() => fail(`${notDone} within ${ms} ms`), ms);
      watchers.add(watch);
      probe?.then(
        (value) => finish(() => resolve(value)),
        (error: unknown) => fail(`${notDone}: ${errorMessage(error)}`),
      );
      watch();
    });
  }

  const waitForLog = (pattern: RegExp | string, ms = 20_000) =>
    waitUntil(`logged ${describe(pattern)}`, `did not log ${describe(pattern)}`, ms, () =>
      typeof pattern === 'string' ? (output.includes(pattern) ? pattern : undefined) : output.match(pattern)?.[0],
    );

  try {
    if (typeof until === 'function')
      await waitUntil('was ready', 'did not become ready', timeoutMs, () => undefined, until());
    else await waitForLog(until, timeoutMs);
  } catch (error) {
    // A process that did not start is of no use to anyone: nothing must outlive the failed start.
    if (ended === null) signal('SIGKILL');
    throw error;
  }

  return {
    child,
    log: () => output,
    waitForLog,
    stop: async (sig = 'SIGTERM') => {
      if (ended === null && child.exitCode === null && child.signalCode === null) {
        signal(sig);
        const escalate = killAfterMs === undefined ? undefined : setTimeout(() => signal('SIGKILL'), killAfterMs);
        await exited;
        clearTimeout(escalate);
      }
      await exited;
    },
  };
}
