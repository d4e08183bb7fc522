/**
 * `npm run bench [-- <name> ...]`: runs the benchmarks (all, or those named),
 * writes each result to bench/results/<name>.json and prints a short table.
 *
 * A benchmark is either listed in BUILT_IN below, or is any bench/<name>.bench.ts
 * exporting `bench: { run(): Promise<{ result: unknown; table: string }> }`.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { errorMessage } from '../shared/error-message';

export interface BenchOutcome {
  /** Written as JSON to bench/results/<name>.json. */
  result: unknown;
  /** Printed on stdout. */
  table: string;
}
export interface Bench {
  run(): Promise<BenchOutcome>;
}

const here = fileURLToPath(new URL('.', import.meta.url));
const sizes = (process.env.BENCH_SIZES ?? '')
  .split(',')
  .map(Number)
  .filter((n) => n > 0 && n % 2 === 0);
const rounds = Number(process.env.BENCH_ROUNDS) || undefined;

function isFunction(value: unknown): value is (...args: unknown[]) => unknown {
  return typeof value === 'function';
}

/** Benchmarks living in plain modules; each adapter is written against the module's own exports. */
const BUILT_IN: Record<string, () => Promise<Bench>> = {
  signaling: async () => {
    const m = await import('./signaling');
    return {
      run: async () => {
        const result = await m.runSignalingBench({ ...(sizes.length ? { sizes } : {}), ...(rounds ? { rounds } : {}) });
        return { result, table: m.signalingTable(result) };
      },
    };
  },
  // Another module's exports, checked when loaded so a rename says so instead of crashing.
  'call-setup': async () => {
    const m = (await import(`${here}call-setup.ts`)) as Record<string, unknown>;
    const run = m.runCallSetupBench;
    const table = m.callSetupTable;
    if (!isFunction(run) || !isFunction(table))
      throw new Error(
        'bench/call-setup.ts no longer exports runCallSetupBench and callSetupTable: update bench/run.ts',
      );
    return {
      run: async () => {
        const result = await run();
        return { result, table: String(table(result)) };
      },
    };
  },
};

async function discovered(): Promise<Record<string, () => Promise<Bench>>> {
  const files = (await readdir(here)).filter((f) => f.endsWith('.bench.ts'));
  return Object.fromEntries(
    files.map((file) => [
      file.slice(0, -'.bench.ts'.length),
      async (): Promise<Bench> => {
        const m = (await import(`${here}${file}`)) as Record<string, unknown>;
        const bench = m.bench as Partial<Bench> | undefined;
        if (!bench || !isFunction(bench.run))
          throw new Error(`bench/${file} must export bench: { run(): Promise<{ result, table }> }`);
        return bench as Bench;
      },
    ]),
  );
}

const all = { ...BUILT_IN, ...(await discovered()) };
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((n) => !(n in all));
if (unknown.length) {
  console.error(`No benchmark named ${unknown.join(', ')}. Known: ${Object.keys(all).join(', ')}.`);
  process.exit(2);
}
const names = wanted.length ? wanted : Object.keys(all);
await mkdir(`${here}results`, { recursive: true });
let failed = 0;
for (const name of names) {
  console.log(`\n=== bench: ${name} ===`);
  const started = Date.now();
  const load = loadavg().map((l) => Math.round(l * 100) / 100);
  try {
    const outcome = await (await all[name]!()).run();
    const meta = {
      startedAt: new Date(started).toISOString(),
      seconds: Math.round((Date.now() - started) / 1000),
      cpus: cpus().length,
      loadAverageAtStart: load,
    };
    await writeFile(`${here}results/${name}.json`, `${JSON.stringify({ ...meta, result: outcome.result }, null, 2)}\n`);
    console.log(
      `\n${outcome.table}\n(bench/results/${name}.json; load average at start ${load.join(' ')} on ${cpus().length} cores)`,
    );
  } catch (error) {
    failed += 1;
    console.error(`bench ${name} failed: ${errorMessage(error)}`);
  }
}
process.exit(failed ? 1 : 0);
