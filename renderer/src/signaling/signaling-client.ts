/**
 * The signaling API the components import: the socket.io client and its
 * types (socket-signaling.ts), and `preconnect`, a thin wrapper over the
 * lobby connection the app's one CallHolder owns (lobby-connection.ts).
 */
import { app } from '../app-context';
import type { LobbyTarget } from './lobby-connection';

export * from './socket-signaling';
export { fetchAuthMode } from './auth-mode';

/** Opens (or keeps) the lobby's connection to `target.url`, presenting `target.token`; null closes it. */
export function preconnect(target: LobbyTarget | null): void {
  app.calls.lobby.preconnect(target);
}
