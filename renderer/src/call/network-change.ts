/**
 * What a change of this computer's network (the main process's
 * `network:changed`) means for one link: restart ICE when it touches the
 * address the selected pair starts from (or the interface under it loses the
 * default route), nothing when it is elsewhere. Element Call shows
 * "Reconnecting" when an unused interface changes (element-call #3786); here
 * such a change leaves the link alone. Repeated restarts back off with jitter.
 */
import type { NetworkAddress, NetworkChange } from '../../../shared/network-change';
import { selectedPath, type CandidateType, type StatsRecord } from '../../../shared/stats';
import { RestartRun } from './restart-backoff';

/** Where the selected pair starts on this computer. */
export interface LocalEnd {
  type: CandidateType | 'unknown';
  address: string;
  /** srflx/relay: the address it was learned from (the base for srflx; what the TURN server saw for relay). */
  relatedAddress: string | null;
}

/** The local end of the selected pair in one getStats() result; null without one. */
export function selectedLocalEnd(records: readonly StatsRecord[]): LocalEnd | null {
  const path = selectedPath(records);
  if (!path) return null;
  const related = records.find((r) => r.id === path.local.id)?.relatedAddress;
  return {
    type: path.local.type,
    address: path.local.address,
    relatedAddress: typeof related === 'string' && related !== '' ? related : null,
  };
}

export type NetworkVerdict = { restart: boolean; why: string };

const names = (list: readonly NetworkAddress[]) => [...new Set(list.map((a) => a.name))].join(', ');

function described(change: NetworkChange): string {
  const parts = [
    change.removed.length ? `${names(change.removed)} lost ${change.removed.map((a) => a.address).join(', ')}` : '',
    change.added.length ? `${names(change.added)} gained ${change.added.map((a) => a.address).join(', ')}` : '',
    change.defaultRoute
      ? `the default route moved from ${change.defaultRoute.from ?? 'nowhere'} to ${change.defaultRoute.to ?? 'nowhere'}`
      : '',
  ];
  return parts.filter(Boolean).join('; ') || 'the network changed';
}

/**
 * Whether `change` touches a link whose selected pair starts at `local`
 * (`connected`: the link works now). A host (or prflx) end starts at its own
 * address, a srflx or relay one at its related address when that is one of
 * ours; a relay behind a NAT names no address of ours, and then any address
 * lost or route moved may be its own, so it restarts (make-before-break: the
 * old pair carries on meanwhile).
 */
export function networkVerdict(change: NetworkChange, local: LocalEnd | null, connected: boolean): NetworkVerdict {
  const what = described(change);
  if (!connected) {
    const chance = change.added.length > 0 || change.defaultRoute !== null;
    return { restart: chance, why: chance ? `${what}, while the link was down` : `${what}; the link is down already` };
  }
  if (!local) return { restart: false, why: `${what}; no path in use yet` };
  const base = local.type === 'host' || local.type === 'prflx' ? local.address : local.relatedAddress;
  if (change.removed.some((a) => a.address === base)) return { restart: true, why: `${what}: the path started there` };
  const iface = [...change.addresses, ...change.removed].find((a) => a.address === base)?.name;
  if (iface) {
    const routeLeft = change.defaultRoute?.from === iface;
    return routeLeft
      ? { restart: true, why: `${what}: the path runs over ${iface}` }
      : { restart: false, why: `${what}; the path runs over ${iface}, unchanged` };
  }
  const mayBeOurs = change.removed.length > 0 || change.defaultRoute !== null;
  return mayBeOurs
    ? { restart: true, why: `${what}: the ${local.type} path's own interface cannot be told, so it is checked` }
    : { restart: false, why: `${what}; nothing the path uses went away` };
}

export interface NetworkReactionOptions {
  /** The call's subscription to `network:changed`; none: nobody tells this link. */
  subscribe?: (listener: (change: NetworkChange) => void) => () => void;
  local(): LocalEnd | null;
  connected(): boolean;
  restart(why: string): void;
  /** A timeline entry: what changed and what this link does about it. */
  event(text: string): void;
  run?: RestartRun;
}

/** One link's reaction to network changes: the verdict, then a restart now or after the run's backoff. */
export class NetworkReaction {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly unsubscribe: (() => void) | null;
  private readonly run: RestartRun;

  constructor(private readonly options: NetworkReactionOptions) {
    this.run = options.run ?? new RestartRun();
    this.unsubscribe = options.subscribe?.((change) => this.changed(change)) ?? null;
  }

  changed(change: NetworkChange): void {
    const verdict = networkVerdict(change, this.options.local(), this.options.connected());
    if (!verdict.restart) return this.options.event(`${verdict.why}: nothing to do`);
    // One restart due at a time: when it runs it looks for paths on the network as it is then.
    if (this.timer !== undefined) return this.options.event(`${verdict.why}: the restart already due covers it`);
    const delay = this.run.next(Date.now());
    this.options.event(`${verdict.why}: ICE restart ${delay > 0 ? `in ${delay} ms (backoff)` : 'now'}`);
    if (delay === 0) return this.options.restart(verdict.why);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.options.restart(verdict.why);
    }, delay);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.unsubscribe?.();
  }
}
