/**
 * Runs electron/core/network-watch.ts in this process's network namespace
 * (started with `ip netns exec`) and prints each change as one JSON line,
 * "ready" once the first look is taken. A poke arrives as a line on stdin.
 * WATCH_EVENTS=1 adds the kernel's events (ip monitor) to the poll.
 */
import { networkInterfaces } from 'node:os';
import { createInterface } from 'node:readline';
import { defaultRouteReader } from '../../electron/core/network-route';
import { linuxNetworkEvents } from '../../electron/core/network-events';
import { startNetworkWatch } from '../../electron/core/network-watch';

const watch = startNetworkWatch({
  interfaces: () => networkInterfaces(),
  defaultRoute: defaultRouteReader(),
  send: (change) => process.stdout.write(`${JSON.stringify(change)}\n`),
  intervalMs: Number(process.env.WATCH_INTERVAL_MS ?? 2000),
  ...(process.env.WATCH_EVENTS ? { events: linuxNetworkEvents } : {}),
  log: (message) => process.stderr.write(`${message}\n`),
});
void watch.poke('resume').then(() => process.stdout.write('ready\n'));
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'resume' || line === 'online' || line === 'offline') void watch.poke(line);
  if (line === 'stop') {
    watch.stop();
    process.exit(0);
  }
});
