/** After the NAT lab: print the matrix, and make sure no lab namespace is left even if a worker died. */
import { CELLS, matrixTable } from './matrix';
import { destroyLab, labUnavailable } from './lab';
import { MATRIX_FILE, readCells } from './results';

export default async function globalTeardown(): Promise<void> {
  if ((await labUnavailable()) === null) await destroyLab();
  const cells = await readCells();
  if (cells.length === 0) return;
  // In the order of CELLS, whatever order the results were written in.
  const order = (r: (typeof cells)[number]) => CELLS.findIndex((c) => c.a === r.a && c.b === r.b && c.turn === r.turn);
  cells.sort((x, y) => order(x) - order(y));
  console.log(`\nNAT matrix (${MATRIX_FILE}):\n${matrixTable(cells)}\n`);
}
