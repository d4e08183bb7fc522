/**
 * Keeps a live call's TURN credentials fresh: when the main process pushes
 * `ice:updated`, the Call replaces its ICE configuration with a new value and
 * hands it to every link, restarting ICE when the call is relayed (a relay
 * allocation made with the old credentials stops working once they expire;
 * direct paths do not care). No state here: the Call owns the subscription.
 */
import { iceConfigSchema, type IceConfig } from '../../../shared/ipc';

/** The slice of Room this needs; keeps the dependency one-way and testable. */
export interface Reconfigurable {
  reconfigure(configuration: Readonly<RTCConfiguration>, restart: boolean): void;
}

function when(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? 'no expiry' : new Date(ms).toISOString();
}

/** Applies one update: a new configuration value to every link. Returns whether ICE was restarted. */
export function applyIceUpdate(
  room: Reconfigurable,
  config: IceConfig,
  relayed: boolean,
  notice: (message: string) => void,
): boolean {
  if (config.error) {
    // A STUN-only fallback would cut a relayed call off: keep what it has and say why.
    notice(`${config.error.what}: ${config.error.cause}. ${config.error.fix}`);
    console.warn(`[ice] Refresh failed (${config.error.what}); the call keeps its current servers`);
    return false;
  }
  room.reconfigure(Object.freeze({ iceServers: config.iceServers }), relayed);
  console.info(
    `[ice] Fresh ICE servers from ${config.source} applied to the call (fetched ${when(config.fetchedAt)}, valid until ${when(config.expiresAt)}); ICE restart: ${relayed ? 'yes, the call is relayed' : 'no'}`,
  );
  return relayed;
}

/** Subscribes `apply` to the pushes `subscribe` delivers, parsed; returns the unsubscribe. */
export function followIceUpdates(
  subscribe: (listener: (payload: IceConfig) => void) => () => void,
  apply: (config: IceConfig) => void,
): () => void {
  return subscribe((payload: unknown) => {
    const parsed = iceConfigSchema.safeParse(payload);
    if (!parsed.success) {
      console.warn('[ice] Ignored an ice:updated push that does not match the contract');
      return;
    }
    apply(parsed.data);
  });
}
