/**
 * Non-secret settings as a JSON file under userData, validated on every read
 * and write. A corrupt or hand-edited file falls back to defaults for the bad
 * part instead of stopping the app.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultSettings, settingsSchema, type Settings, type SettingsPatch } from '../../shared/config';
import {
  movedNotice,
  notMovedNotice,
  takeFileCredentials,
  type CredentialMover,
  type TakenCredentials,
} from './settings-credentials';
import { errorMessage } from '../../shared/error-message';
import { atomicWriter } from './atomic-file';

export interface SettingsStore {
  get(): Promise<Settings>;
  update(patch: SettingsPatch): Promise<Settings>;
}

export interface SettingsFileOptions {
  /** Where a password found in the file goes (the vault); without it, it is only dropped. */
  moveCredentials?: CredentialMover;
  /** Tells the person something about their settings file (a password moved out of it). */
  notice?: (message: string) => void;
}

/**
 * Moves the passwords found in the file into the vault and rewrites the file without them; the
 * person is told either way (the notice names each entry's URL, never the password).
 */
async function moveCredentialsOut(
  taken: TakenCredentials,
  fileOptions: SettingsFileOptions,
  save: (settings: Settings) => Promise<void>,
  log: (message: string) => void,
): Promise<void> {
  const stored = settingsSchema.safeParse(taken.stripped);
  let problem: string | null = null;
  if (!fileOptions.moveCredentials) problem = 'no secure storage is wired into this process';
  else if (!taken.servers || !stored.success) problem = 'the entry is not a valid ICE server';
  else {
    try {
      await fileOptions.moveCredentials(taken.servers, stored.data.ice.servers);
      await save(stored.data);
    } catch (error) {
      problem = errorMessage(error);
    }
  }
  log(`settings.json held ${taken.urls.length} TURN password(s): ${problem ? 'not moved' : 'moved into the vault'}`);
  fileOptions.notice?.(problem ? notMovedNotice(taken.urls, problem) : movedNotice(taken.urls));
}

/**
 * `initial` gives the settings a new profile starts from (defaults otherwise);
 * the web harness uses it so test profiles never look up public STUN servers.
 */
export function createSettingsStore(
  dir: string,
  log: (message: string) => void = () => {},
  initial: () => Settings = defaultSettings,
  fileOptions: SettingsFileOptions = {},
): SettingsStore {
  const file = join(dir, 'settings.json');
  // Through a temp file so a crash never leaves half a settings file.
  const write = atomicWriter(file);
  const save = (next: Settings) => write(JSON.stringify(next, null, 2));
  let cached: Settings | undefined;

  /** Credentials found in the file wait here until the settings are cached (the vault reads settings too). */
  let moveLater: (() => Promise<void>) | null = null;

  async function load(): Promise<Settings> {
    let raw: string;
    try {
      raw = await readFile(file, 'utf8');
    } catch {
      return initial();
    }
    try {
      const parsed = settingsSchema.safeParse(withoutCredentials(JSON.parse(raw)));
      if (parsed.success) return parsed.data;
      log(`settings.json is invalid (${parsed.error.issues[0]?.message ?? 'unknown'}); using defaults`);
    } catch {
      log('settings.json is not valid JSON; using defaults');
    }
    return defaultSettings();
  }

  /** The file without credentials; they move into the vault (and the file is rewritten) once loaded. */
  function withoutCredentials(json: unknown): unknown {
    const taken = takeFileCredentials(json);
    if (taken.urls.length === 0) return json;
    moveLater = () => moveCredentialsOut(taken, fileOptions, save, log);
    return taken.stripped;
  }

  return {
    async get() {
      if (cached) return cached;
      const loaded = await load();
      cached ??= loaded;
      const move = moveLater;
      moveLater = null;
      await move?.();
      return cached;
    },
    async update(patch) {
      const current = await this.get();
      const next = settingsSchema.parse({ ...current, ...patch });
      cached = next;
      await save(next);
      return next;
    },
  };
}
