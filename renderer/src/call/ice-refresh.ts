/**
 * Keeps a live call's TURN credentials fresh: when the main process pushes
 * `ice:updated`, every link of the current Room gets the new servers, and
 * restarts ICE when the call is relayed (a relay allocation made with the old
 * credentials stops working once they expire; direct paths do not care).
 */
import { iceConfigSchema, type IceConfig } from '../../../shared/ipc';
import { bridge } from '../bridge';
import { useStore } from '../store';

/** The slice of Room this needs; keeps the dependency one-way and testable. */
export interface Reconfigurable {
  reconfigure(configuration: RTCConfiguration, restart: boolean): void;
}

let unsubscribe: (() => void) | null = null;

/** True when any link runs through a TURN relay, or relay-only is on. */
function isRelayed(): boolean {
  const { peers, settings } = useStore.getState();
  return settings?.relayOnly === true || Object.values(peers).some((peer) => peer.relayed);
}

function when(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? 'no expiry' : new Date(ms).toISOString();
}

/** Applies one update; exported for tests. Returns whether ICE was restarted. */
export function applyIceUpdate(room: Reconfigurable, config: IceConfig, relayed: boolean): boolean {
  if (config.error) {
    // A STUN-only fallback would cut a relayed call off: keep what it has and say why.
    useStore.getState().setNotice(`${config.error.what}: ${config.error.cause}. ${config.error.fix}`);
    console.warn(`[ice] Refresh failed (${config.error.what}); the call keeps its current servers`);
    return false;
  }
  room.reconfigure({ iceServers: config.iceServers }, relayed);
  console.info(
    `[ice] Fresh ICE servers from ${config.source} applied to the call (fetched ${when(config.fetchedAt)}, valid until ${when(config.expiresAt)}); ICE restart: ${relayed ? 'yes, the call is relayed' : 'no'}`,
  );
  return relayed;
}

/** Follows `room` (null when the call ends): each `ice:updated` reaches its links. */
export function followRoomForIce(room: Reconfigurable | null): void {
  unsubscribe?.();
  unsubscribe = null;
  if (!room) return;
  unsubscribe = bridge().onIceUpdated((payload) => {
    const parsed = iceConfigSchema.safeParse(payload);
    if (!parsed.success) {
      console.warn('[ice] Ignored an ice:updated push that does not match the contract');
      return;
    }
    applyIceUpdate(room, parsed.data, isRelayed());
  });
}
