/**
 * The matrix on disk, one cell at a time: Playwright restarts its worker after
 * a failed test, so memory would lose the cells before it. Cells accumulate in
 * a private temp file (other suites running Playwright at the same time clean
 * test-results/); test-results/natlab-matrix.json is rewritten from it after
 * every cell and once more at the end.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CELLS, type CellResult } from './matrix';

export const MATRIX_FILE = fileURLToPath(new URL('../../test-results/natlab-matrix.json', import.meta.url));

function runFile(): string {
  const file = process.env.NATLAB_RESULTS_FILE;
  if (!file)
    throw new Error(
      'NATLAB_RESULTS_FILE is unset: run the NAT lab through tests/natlab/playwright.config.ts (its global setup sets it)',
    );
  return file;
}

/** The cells recorded so far in this run, in the order of CELLS. */
export async function readCells(): Promise<CellResult[]> {
  let cells: CellResult[] = [];
  try {
    cells = JSON.parse(await readFile(runFile(), 'utf8')) as CellResult[];
  } catch {
    return [];
  }
  const order = (r: CellResult) => CELLS.findIndex((c) => c.a === r.a && c.b === r.b && c.turn === r.turn);
  return cells.sort((x, y) => order(x) - order(y));
}

export async function writeMatrixFile(cells: readonly CellResult[]): Promise<void> {
  await mkdir(dirname(MATRIX_FILE), { recursive: true });
  await writeFile(MATRIX_FILE, `${JSON.stringify(cells, null, 2)}\n`);
}

/** Adds (or replaces, on a retry) one cell's result. */
export async function recordCell(result: CellResult): Promise<void> {
  const key = (r: CellResult) => `${r.a}/${r.b}/${r.turn}`;
  const cells = (await readCells()).filter((r) => key(r) !== key(result));
  cells.push(result);
  await writeFile(runFile(), JSON.stringify(cells));
  await writeMatrixFile(await readCells());
}
