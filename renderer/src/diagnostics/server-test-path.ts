/**
 * The server tester's second step for a TURN URL whose relay allocated: the path through that
 * relay measured end to end (relay-path-probe.ts), into the row. A relay that allocates but
 * carries no data is a failure of its own ('no-data'): calls through it would connect to nothing.
 */
import { errorMessage } from '../../../shared/error-message';
import type { ServerTestRow, ServerTestTarget } from '../../../shared/ice-test';
import { measureRelayPath } from './relay-path-probe';

export async function measurePath(target: ServerTestTarget, signal: AbortSignal): Promise<Partial<ServerTestRow>> {
  try {
    const path = await measureRelayPath(target.server, { signal });
    if (signal.aborted) return {};
    console.info(
      `[server-test] ${target.row.url}: path rtt ${path.rttMs?.toFixed(1) ?? '-'} ms, loss ${path.lossPct} %, ${path.throughputKbps?.toFixed(0) ?? '-'} kbit/s`,
    );
    if (path.throughputKbps === null && path.rttMs === null)
      return { path: null, result: 'no-data', pathError: 'no ping came back and no data arrived' };
    return { path, pathError: null };
  } catch (error) {
    if (signal.aborted) return {};
    return { path: null, result: 'no-data', pathError: errorMessage(error) };
  }
}
