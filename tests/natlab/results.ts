/**
 * The matrix on disk, one cell at a time: Playwright restarts its worker after
 * a failed test, so memory would lose the cells before it. The teardown prints
 * the table from here.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CellResult } from './matrix';

export const MATRIX_FILE = fileURLToPath(new URL('../../test-results/natlab-matrix.json', import.meta.url));

export async function readCells(): Promise<CellResult[]> {
  try {
    return JSON.parse(await readFile(MATRIX_FILE, 'utf8')) as CellResult[];
  } catch {
    return [];
  }
}

/** Adds (or replaces, on a retry) one cell's result. */
export async function recordCell(result: CellResult): Promise<void> {
  const key = (r: CellResult) => `${r.a}/${r.b}/${r.turn}`;
  const cells = (await readCells()).filter((r) => key(r) !== key(result));
  cells.push(result);
  await mkdir(dirname(MATRIX_FILE), { recursive: true });
  await writeFile(MATRIX_FILE, `${JSON.stringify(cells, null, 2)}\n`);
}

export async function clearCells(): Promise<void> {
  await rm(MATRIX_FILE, { force: true });
}
