/** Before the NAT lab: no stale matrix, and no namespaces left by a run that crashed. */
import { destroyLab, labUnavailable } from './lab';
import { clearCells } from './results';

export default async function globalSetup(): Promise<void> {
  await clearCells();
  if ((await labUnavailable()) === null) await destroyLab();
}
