/**
 * Secrets (Cloudflare API token, TURN shared secret, static TURN passwords)
 * encrypted with Electron's safeStorage, injected as a port, and kept on disk
 * as ciphertext only. Nothing here hands a secret to the renderer: the IPC
 * layer sees `status`, `set` and `clear`; only the main process calls `get`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { IceError, weakStorageProblem } from '../../shared/ice/ice-error';
import { parseJson } from '../../shared/ice/fetch-with-timeout';
import type { IceProblem } from '../../shared/ice/ice-types';
import {
  secretNameSchema,
  vaultSecretNameSchema,
  type SecretsStatus,
  type VaultSecretName as SecretName,
} from '../../shared/ipc';
import { errorMessage } from '../../shared/error-message';
import { atomicWriter } from './atomic-file';

/** The slice of Electron's safeStorage the vault needs (the async API, Electron ≥ 36). */
export interface SecretStoragePort {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Uint8Array>;
  decryptStringAsync(encrypted: Uint8Array): Promise<{ result: string; shouldReEncrypt: boolean }>;
  /** safeStorage.getSelectedStorageBackend() on Linux; a descriptive name elsewhere. */
  backend(): string;
}

export interface VaultOptions {
  dir: string;
  storage: SecretStoragePort;
  /** Whether the person accepted weaker storage (read from settings each time). */
  acceptsWeakStorage: () => Promise<boolean>;
  log?: (message: string) => void;
}

export interface Vault {
  status(): Promise<SecretsStatus>;
  set(name: SecretName, value: string): Promise<SecretsStatus>;
  clear(name: SecretName): Promise<SecretsStatus>;
  /** Main process only: never exposed over IPC. */
  get(name: SecretName): Promise<string | undefined>;
  has(name: SecretName): Promise<boolean>;
}

/** Backends that only obfuscate: a fixed key in the binary, no keyring behind it. */
const WEAK_BACKENDS = new Set(['basic_text']);

const fileSchema = z.object({
  version: z.literal(1),
  entries: z.record(z.string(), z.string().regex(/^[A-Za-z0-9+/=]*$/)),
});

const unavailableProblem = (backend: string): IceProblem => ({
  what: 'Secrets cannot be stored on this computer',
  cause: `the operating system's secure storage is not available (${backend})`,
  fix: 'Unlock your keychain or keyring and restart Traverse, or use server mode so no secret is needed here',
});

/**
 * secrets.json in `dir`: its entries (name to base64 ciphertext) read once, kept in memory, and
 * written whole through a temp file. A missing or invalid file reads as empty.
 */
function vaultFile(dir: string, log: (message: string) => void) {
  const file = join(dir, 'secrets.json');
  const write = atomicWriter(file);
  let entries: Map<string, string> | undefined;

  async function load(): Promise<Map<string, string>> {
    if (entries) return entries;
    let raw: string | undefined;
    try {
      raw = await readFile(file, 'utf8');
    } catch {
      raw = undefined;
    }
    const parsed = raw === undefined ? undefined : fileSchema.safeParse(parseJson(raw));
    if (parsed && !parsed.success) log('secrets.json is invalid; treating every secret as unset');
    entries = new Map(
      Object.entries(parsed?.success ? parsed.data.entries : {}).filter(
        ([name]) => vaultSecretNameSchema.safeParse(name).success,
      ),
    );
    return entries;
  }

  const save = (map: Map<string, string>) =>
    write(JSON.stringify({ version: 1, entries: Object.fromEntries(map) }, null, 2));

  return { load, save };
}

/** What the storage backend offers now, and the problem (if any) that keeps secrets out. */
async function storageState(options: VaultOptions): Promise<SecretsStatus['storage']> {
  const backend = options.storage.backend();
  const available = await options.storage.isAsyncEncryptionAvailable().catch(() => false);
  const weak = WEAK_BACKENDS.has(backend);
  const acceptedWeak = await options.acceptsWeakStorage();
  const problem = !available ? unavailableProblem(backend) : weak && !acceptedWeak ? weakStorageProblem() : null;
  return { backend, available, weak, acceptedWeak, problem };
}

export function createVault(options: VaultOptions): Vault {
  const log = options.log ?? (() => {});
  const { load, save } = vaultFile(options.dir, log);
  const plain = new Map<string, string>();

  const vault: Vault = {
    async status() {
      const map = await load();
      // Only the secrets a person sets are listed; the app's own (the hosting invite secret) stay unmentioned.
      const listed = [...map.keys()].filter((name) => secretNameSchema.safeParse(name).success);
      return { storage: await storageState(options), set: listed.sort() };
    },
    async set(name, value) {
      const storage = await storageState(options);
      if (storage.problem) throw new IceError(storage.problem);
      const map = await load();
      const cipher = await options.storage.encryptStringAsync(value);
      map.set(name, Buffer.from(cipher).toString('base64'));
      plain.set(name, value);
      await save(map);
      return vault.status();
    },
    async clear(name) {
      const map = await load();
      plain.delete(name);
      if (map.delete(name)) await save(map);
      return vault.status();
    },
    async get(name) {
      const cached = plain.get(name);
      if (cached !== undefined) return cached;
      const map = await load();
      const cipher = map.get(name);
      if (cipher === undefined) return undefined;
      try {
        const { result, shouldReEncrypt } = await options.storage.decryptStringAsync(Buffer.from(cipher, 'base64'));
        plain.set(name, result);
        if (shouldReEncrypt) {
          // The OS rotated its key: store the secret under the new one.
          map.set(name, Buffer.from(await options.storage.encryptStringAsync(result)).toString('base64'));
          await save(map);
        }
        return result;
      } catch (error) {
        log(`Could not decrypt secret ${name}: ${errorMessage(error)}`);
        return undefined;
      }
    },
    async has(name) {
      return (await load()).has(name);
    },
  };
  return vault;
}

/** A vault that stores nothing: used where no encryption port is wired (refuses every secret, with the reason). */
export function createUnavailableVault(): Vault {
  const storage = {
    backend: 'none',
    available: false,
    weak: false,
    acceptedWeak: false,
    problem: unavailableProblem('no secure storage is wired into this process'),
  };
  const status = () => Promise.resolve({ storage, set: [] });
  return {
    status,
    set: () => Promise.reject(new IceError(storage.problem)),
    clear: status,
    get: () => Promise.resolve(undefined),
    has: () => Promise.resolve(false),
  };
}
