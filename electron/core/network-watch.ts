/**
 * Watches this computer's network: its interfaces' addresses
 * (os.networkInterfaces(), looked at every second) and the default route, and
 * tells live calls when either changes (`network:changed`). The kernel's own
 * events (network-events.ts, Linux), the OS waking up or going on/offline make
 * it look at once (`poke`). Electron and the OS come
 * in as ports, so it runs in plain Node (the main process and the web harness).
 */
import {
  MAX_NETWORK_ADDRESSES,
  networkChangeSchema,
  type NetworkAddress,
  type NetworkChange,
} from '../../shared/network-change';
import { addressesOf, diffAddresses, type InterfaceTable } from './network-diff';

export interface NetworkWatchPorts {
  /** os.networkInterfaces(). */
  interfaces(): InterfaceTable;
  /** The interface carrying the default route; null when unknown (network-route.ts on Linux). */
  defaultRoute?(): Promise<string | null>;
  /** The OS's network events: `nudge` on each, returns the stop (network-events.ts's linuxNetworkEvents). */
  events?: (nudge: () => void, log?: (message: string) => void) => () => void;
  /** Whether the OS says it is online (Electron's net.isOnline()); a flip makes the next look say so. */
  online?(): boolean;
  /** Gets each change, already checked against the IPC schema. */
  send(change: NetworkChange): void;
  now?(): number;
  /** How often to look without being poked (ms); 1000 by default: a look costs well under a millisecond, and a route move stops the old path at once, so each second of the poll is a second of frozen video (tests/natlab/two-uplinks.spec.ts). */
  intervalMs?: number;
  log?(message: string): void;
}

export interface NetworkWatch {
  /** Look now (the OS woke up, went online or offline): a change is sent at once. */
  poke(reason: Exclude<NetworkChange['reason'], 'poll'>): Promise<void>;
  /** The addresses as last seen. */
  readonly addresses: readonly NetworkAddress[];
  stop(): void;
}

const describe = (a: NetworkAddress) => `${a.name} ${a.address}`;

export function startNetworkWatch(ports: NetworkWatchPorts): NetworkWatch {
  const now = () => (ports.now ? ports.now() : Date.now());
  let addresses = addressesOf(ports.interfaces());
  let route: string | null = null;
  let online = ports.online?.() ?? true;
  let stopped = false;
  // One look at a time: a poke during a poll waits for it, so no change is sent twice.
  let looking: Promise<void> = Promise.resolve();

  const lookOnce = async (asked: NetworkChange['reason']) => {
    const nowOnline = ports.online?.() ?? online;
    const reason = asked === 'poll' && nowOnline !== online ? (nowOnline ? 'online' : 'offline') : asked;
    online = nowOnline;
    const nextRoute = (await ports.defaultRoute?.()) ?? null;
    const next = addressesOf(ports.interfaces());
    if (stopped) return;
    const { added, removed } = diffAddresses(addresses, next);
    const routeMoved = nextRoute !== route;
    addresses = next;
    const from = route;
    route = nextRoute;
    if (added.length === 0 && removed.length === 0 && !routeMoved) return;
    const change = networkChangeSchema.parse({
      at: now(),
      reason,
      added,
      removed,
      addresses: next.slice(0, MAX_NETWORK_ADDRESSES),
      defaultRoute: routeMoved ? { from, to: nextRoute } : null,
    });
    ports.log?.(
      `network changed (${reason}): +[${added.map(describe).join(', ')}] -[${removed.map(describe).join(', ')}]` +
        (routeMoved ? ` default route ${from ?? 'none'} → ${nextRoute ?? 'none'}` : ''),
    );
    ports.send(change);
  };
  const look = (reason: NetworkChange['reason']) => {
    looking = looking
      .then(() => lookOnce(reason))
      .catch((error: unknown) => ports.log?.(`network watch: ${String(error)}`));
    return looking;
  };

  // The first route reading is the baseline, not a change.
  const ready = (async () => {
    try {
      route = (await ports.defaultRoute?.()) ?? null;
    } catch {
      route = null;
    }
  })();
  looking = ready;
  const timer = setInterval(() => void look('poll'), ports.intervalMs ?? 1_000);
  const stopEvents =
    ports.events?.(
      () => void look('os'),
      (m) => ports.log?.(m),
    ) ?? (() => {});
  // A poll timer must not keep a process alive that has nothing else to do (the harness's tests).
  timer.unref?.();

  return {
    poke: (reason) => look(reason),
    get addresses() {
      return addresses;
    },
    stop() {
      stopped = true;
      clearInterval(timer);
      stopEvents();
    },
  };
}
