/**
 * Runs the ICE server tester: asks `ice:get` for the servers and short-lived
 * credentials a call would use (whichever provider is configured), tests each
 * URL in its own peer connection, several at once, and writes rows into the
 * store as results arrive. One run at a time; a new run or Cancel stops the old.
 * The run in progress is held by one ServerTester, owned by app-context.ts.
 */
import {
  SERVER_TEST_CONCURRENCY,
  SERVER_TEST_TIMEOUT_MS,
  addressesOf,
  classify,
  type AddressesProbe,
  type ServerTestRow,
  type ServerTestRun,
  type ServerTestTarget,
} from '../../../shared/ice-test';
import { planServerTests } from '../../../shared/ice-test-plan';
import { buildVerdict, withProblems } from '../../../shared/ice-test-words';
import type { IceConfig } from '../../../shared/ipc';
import { bridge } from '../bridge';
import { useStore } from '../store';
import { gatherOnce } from './server-test-gather';
import { measurePath } from './server-test-path';
import { errorMessage } from '../../../shared/error-message';
import { MAIN_PROBES_RUNNING } from '../../../shared/connection-probes';
import { abortable, askAddresses, askMainProcess, probesFailed } from './server-test-probes';

export interface ServerTestOptions {
  timeoutMs?: number;
  concurrency?: number;
}

function patchRow(rows: ServerTestRow[], id: string, patch: Partial<ServerTestRow>): ServerTestRow[] {
  return rows.map((row) => (row.id === id ? { ...row, ...patch } : row));
}

/** The tester's one run in progress, and the number the next run gets. */
export class ServerTester {
  private active: { id: number; abort: AbortController } | null = null;
  private lastId = 0;

  /** Stops the run in progress: open connections close, untested rows read "cancelled". */
  cancel(): void {
    this.active?.abort.abort();
  }

  /** Tests every configured server URL; resolves with the finished run (also in the store). */
  async start(options: ServerTestOptions = {}): Promise<ServerTestRun> {
    this.cancel();
    const id = (this.lastId += 1);
    const abort = new AbortController();
    this.active = { id, abort };
    try {
      return await runServerTest(id, abort, options);
    } finally {
      if (this.active?.id === id) this.active = null;
    }
  }
}

const fetchProblem = (error: unknown) => ({
  what: 'Could not get the ICE servers a call would use',
  cause: errorMessage(error),
  fix: 'Check the ICE settings (and that the app is running), then test again',
});

/** Ends run `run.id`: the main-process answers that arrived in the store meanwhile go with it, and so do the rows' words. */
function finishRun(run: ServerTestRun, timeoutMs: number): ServerTestRun {
  const now = useStore.getState().serverTest;
  const probes =
    now?.id === run.id ? { nat: now.nat, certificates: now.certificates, credentials: now.credentials } : {};
  const withAnswers = { ...run, ...probes };
  const certificates = withAnswers.certificates.state === 'done' ? withAnswers.certificates.value : undefined;
  const rows = withProblems(run.rows, run.source, timeoutMs, certificates, addressesOf(run));
  const done = { ...withAnswers, rows, finishedAt: Date.now() };
  const final = { ...done, verdict: buildVerdict(done) };
  if (useStore.getState().serverTest?.id === run.id) useStore.getState().setServerTest(final);
  return final;
}

/**
 * What the rows are planned from: the servers and credentials a call would use (ice:get), then the
 * addresses of their names (a name with IPv4 and IPv6 addresses is a row per family); or the run
 * as it ends before any row, failed or cancelled.
 */
async function fetchServers(
  begin: ServerTestRun,
  signal: AbortSignal,
): Promise<{ config: IceConfig; addresses: AddressesProbe } | ServerTestRun> {
  let config: IceConfig | 'aborted';
  try {
    config = await abortable(bridge().getIce(), signal);
  } catch (error) {
    probesFailed(begin.id, 'the ICE servers could not be fetched');
    return { ...begin, state: 'failed', providerProblem: fetchProblem(error) };
  }
  const addresses = config === 'aborted' ? config : await askAddresses(signal);
  if (config === 'aborted' || addresses === 'aborted') {
    probesFailed(begin.id, 'cancelled');
    return { ...begin, state: 'cancelled', addresses: { state: 'failed', error: 'cancelled' } };
  }
  return { config, addresses };
}

async function runServerTest(id: number, abort: AbortController, options: ServerTestOptions): Promise<ServerTestRun> {
  const timeoutMs = options.timeoutMs ?? SERVER_TEST_TIMEOUT_MS;
  const store = useStore.getState();
  const begin: ServerTestRun = {
    id,
    state: 'fetching',
    startedAt: Date.now(),
    finishedAt: null,
    source: null,
    providerProblem: null,
    timeoutMs,
    rows: [],
    verdict: '',
    addresses: { state: 'running' },
    ...MAIN_PROBES_RUNNING,
  };
  store.setServerTest({ ...begin, verdict: buildVerdict(begin) });
  const finish = (run: ServerTestRun) => finishRun(run, timeoutMs);

  const fetched = await fetchServers(begin, abort.signal);
  if ('state' in fetched) return finish(fetched);
  const { config, addresses } = fetched;

  const targets = planServerTests(config.iceServers, addressesOf({ addresses }));
  const running: ServerTestRun = {
    ...begin,
    state: 'running',
    source: config.source,
    providerProblem: config.error,
    rows: targets.map((t) => t.row),
    addresses,
  };
  store.setServerTest({ ...running, verdict: buildVerdict(running) });
  // The main process measures the NAT and the certificates while the rows are tested here.
  const answers = askMainProcess(id, abort.signal);
  const update = (rowId: string, patch: Partial<ServerTestRow>) =>
    useStore.getState().updateServerTestRows(id, (rows) => {
      const next = withProblems(
        patchRow(rows, rowId, patch),
        config.source,
        timeoutMs,
        undefined,
        addressesOf(running),
      );
      return { rows: next, verdict: buildVerdict({ ...running, rows: next }) };
    });

  const queue = targets.filter((t) => t.row.status === 'waiting');
  const worker = async (): Promise<void> => {
    for (let target = queue.shift(); target && !abort.signal.aborted; target = queue.shift()) await testOne(target);
  };
  const testOne = async (target: ServerTestTarget): Promise<void> => {
    update(target.row.id, { status: 'testing' });
    const seen = await gatherOnce(target, { timeoutMs, signal: abort.signal });
    const result = classify(target.row, seen);
    console.info(
      `[server-test] ${target.row.url}: ${result.result ?? ''} in ${result.elapsedMs ?? 0} ms${result.error ? ` (${result.error.code} ${result.error.text})` : ''}`,
    );
    if (target.row.kind !== 'turn' || result.result !== 'ok' || abort.signal.aborted)
      return update(target.row.id, { status: 'done', ...result });
    // The relay allocated: measure what the path through it carries, as a call would use it.
    update(target.row.id, result);
    update(target.row.id, { status: 'done', ...(await measurePath(target, abort.signal)) });
  };
  await Promise.all([
    ...Array.from({ length: Math.min(options.concurrency ?? SERVER_TEST_CONCURRENCY, queue.length) }, worker),
    answers,
  ]);

  const rows = useStore.getState().serverTest?.id === id ? useStore.getState().serverTest!.rows : running.rows;
  const cancelled = abort.signal.aborted;
  const closed = rows.map((row) =>
    row.status === 'done' ? row : { ...row, status: 'done' as const, result: 'cancelled' as const },
  );
  return finish({ ...running, rows: closed, state: cancelled ? 'cancelled' : 'done' });
}
