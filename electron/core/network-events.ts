/**
 * The kernel telling us the network changed, on Linux: `ip -o monitor link
 * address route` (iproute2) prints a line for every interface, address and
 * route event. Each burst of lines is one nudge to look now, so a change is
 * seen in milliseconds instead of at the next poll. The lines themselves are
 * not parsed: the watch reads the interfaces and the route table itself and
 * decides what changed. Without iproute2, or elsewhere than Linux, there are
 * no events and the poll alone sees changes.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Where distributions put iproute2's `ip` (run by absolute path, never looked up on PATH). */
const IP_PATHS = ['/usr/sbin/ip', '/sbin/ip', '/usr/bin/ip', '/bin/ip'];
/** Lines closer together than this are one change (a route move prints several). */
const BURST_MS = 10;

/** Calls `nudge` after each burst of network events; returns the stop. `log` hears why there are none. */
export function linuxNetworkEvents(nudge: () => void, log?: (message: string) => void): () => void {
  const ip = process.platform === 'linux' ? IP_PATHS.find((p) => existsSync(p)) : undefined;
  if (!ip) {
    log?.('network events: no iproute2 here; the watch looks every second instead');
    return () => {};
  }
  const child = spawn(ip, ['-o', 'monitor', 'link', 'address', 'route'], { stdio: ['ignore', 'pipe', 'ignore'] });
  let burst: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  child.stdout.on('data', () => {
    if (burst) return;
    burst = setTimeout(() => {
      burst = undefined;
      nudge();
    }, BURST_MS);
  });
  const ended = (why: string) => {
    if (!stopped) log?.(`network events: ${ip} monitor ${why}; the watch looks every second instead`);
  };
  child.on('error', (error) => ended(`could not start (${error.message})`));
  child.on('exit', (code, signal) => ended(`ended (${signal ?? `exit ${code}`})`));
  return () => {
    stopped = true;
    clearTimeout(burst);
    child.kill();
  };
}
