/** After the NAT lab: no lab namespace left even if a worker died, and the matrix printed and written. */
import { rm } from 'node:fs/promises';
import { destroyLab, labUnavailable } from './lab';
import { matrixTable } from './matrix';
import { MATRIX_FILE, readCells, writeMatrixFile } from './results';

export default async function globalTeardown(): Promise<void> {
  if ((await labUnavailable()) === null) await destroyLab();
  if (process.env.NATLAB_RENDERER_DIR) await rm(process.env.NATLAB_RENDERER_DIR, { recursive: true, force: true });
  const cells = await readCells();
  if (cells.length === 0) return;
  await writeMatrixFile(cells);
  console.log(`\nNAT matrix (${MATRIX_FILE}):\n${matrixTable(cells)}\n`);
}
