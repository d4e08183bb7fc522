/**
 * Static TURN passwords for manual mode: moved from a settings patch into the
 * vault (one per entry, by position), carried along when entries move, and
 * required for every TURN entry, so a TURN server without credentials is
 * refused with the reason instead of failing mid-call.
 */
import { isTurnUrl, urlList, type IceServerConfig } from '../../shared/config';
import { manualPasswordName } from '../../shared/ice/ice-provider-manual';
import type { Vault } from './vault';

/** An entry's identity for carrying its password along: its URLs and username. */
function identity(server: IceServerConfig): string {
  return JSON.stringify([urlList(server.urls), server.username ?? '']);
}

export interface ManualPasswordKeeper {
  /** Stores passwords from `next`, re-keys kept ones, and returns `next` without any credential. */
  store(previous: readonly IceServerConfig[], next: readonly IceServerConfig[]): Promise<IceServerConfig[]>;
}

export function createManualPasswordKeeper(vault: Vault): ManualPasswordKeeper {
  return {
    async store(previous, next) {
      const known = new Map<string, string>();
      for (const [index, server] of previous.entries()) {
        const password = await vault.get(manualPasswordName(index));
        if (password !== undefined) known.set(identity(server), password);
      }
      const passwords: (string | undefined)[] = next.map((server) =>
        server.credential !== undefined && server.credential !== '' ? server.credential : known.get(identity(server)),
      );
      for (const [index, server] of next.entries()) {
        const turn = urlList(server.urls).find(isTurnUrl);
        if (turn && passwords[index] === undefined) {
          throw new Error(
            `${turn} has no password: TURN servers refuse clients without credentials. Enter its password, or remove the entry`,
          );
        }
      }
      const changed =
        next.some((server) => server.credential) ||
        previous.length !== next.length ||
        previous.some((s, i) => next[i] === undefined || identity(s) !== identity(next[i]));
      if (changed) {
        for (let index = 0; index < 16; index += 1) {
          const password =
            index < next.length && urlList(next[index]!.urls).some(isTurnUrl) ? passwords[index] : undefined;
          if (password === undefined) {
            if (await vault.has(manualPasswordName(index))) await vault.clear(manualPasswordName(index));
          } else if (password !== (await vault.get(manualPasswordName(index)))) {
            await vault.set(manualPasswordName(index), password);
          }
        }
      }
      return next.map((server) => {
        const kept = { ...server };
        delete kept.credential;
        return kept;
      });
    },
  };
}
