/**
 * Finding 7 (issue 14): a static TURN password typed into settings.json by hand.
 * The file's schema refuses credentials; before the file is parsed, any
 * `credential` in `ice.servers` is taken out here, moved into the vault (by
 * position, as manual-passwords.ts keeps them) and the file rewritten without
 * it. The person is told, with the entry's URL and never the password.
 */
import { iceServerSchema, urlList, type IceServerConfig, type StoredIceServer } from '../../shared/config';
import { createManualPasswordKeeper } from './manual-passwords';
import type { Vault } from './vault';

/** Moves the passwords of `servers` into the vault; `stored` are the same entries without them. */
export type CredentialMover = (servers: IceServerConfig[], stored: StoredIceServer[]) => Promise<void>;

export interface TakenCredentials {
  /** The parsed file with every `credential` removed from `ice.servers`. */
  stripped: unknown;
  /** The entries that had one, with it, in file order (null when the file has none). */
  servers: IceServerConfig[] | null;
  /** The URL of each entry that had a credential, for the notice. */
  urls: string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Takes credentials out of a parsed settings file; the rest of the file is untouched. */
export function takeFileCredentials(file: unknown): TakenCredentials {
  const ice = isRecord(file) ? file.ice : undefined;
  const list = isRecord(ice) && Array.isArray(ice.servers) ? (ice.servers as unknown[]) : null;
  if (!isRecord(file) || !isRecord(ice) || list === null || !list.some((s) => isRecord(s) && 'credential' in s))
    return { stripped: file, servers: null, urls: [] };
  const urls: string[] = [];
  const stripped = list.map((entry) => {
    if (!isRecord(entry) || !('credential' in entry)) return entry;
    const parsed = iceServerSchema.safeParse(entry);
    urls.push(parsed.success ? (urlList(parsed.data.urls)[0] ?? 'an ICE server') : 'an ICE server');
    const copy = { ...entry };
    delete copy.credential;
    return copy;
  });
  const servers = iceServerSchema.array().safeParse(list);
  return {
    stripped: { ...file, ice: { ...ice, servers: stripped } },
    servers: servers.success ? servers.data : null,
    urls,
  };
}

/** The mover main and the harness use: manual mode's password keeper over the vault. */
export function fileCredentialMover(vault: Vault): CredentialMover {
  const keeper = createManualPasswordKeeper(vault);
  return async (servers, stored) => {
    await keeper.store(stored, servers);
  };
}

export function movedNotice(urls: readonly string[]): string {
  return `settings.json held the TURN password of ${urls.join(', ')} in plain text. Traverse moved it into secure storage and removed it from the file; manual mode keeps using it.`;
}

export function notMovedNotice(urls: readonly string[], reason: string): string {
  return `settings.json holds the TURN password of ${urls.join(', ')} in plain text, and it could not be moved into secure storage (${reason}). Traverse does not use it. Remove "credential" from settings.json and enter the password in Settings once secure storage works.`;
}
