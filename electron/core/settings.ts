/**
 * Non-secret settings as a JSON file under userData, validated on every read
 * and write. A corrupt or hand-edited file falls back to defaults for the bad
 * part instead of stopping the app.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultSettings, settingsSchema, type Settings, type SettingsPatch } from '../../shared/config';

export interface SettingsStore {
  get(): Promise<Settings>;
  update(patch: SettingsPatch): Promise<Settings>;
}

/**
 * `initial` gives the settings a new profile starts from (defaults otherwise);
 * the web harness uses it so test profiles never look up public STUN servers.
 */
export function createSettingsStore(
  dir: string,
  log: (message: string) => void = () => {},
  initial: () => Settings = defaultSettings,
): SettingsStore {
  const file = join(dir, 'settings.json');
  let cached: Settings | undefined;
  let writing = Promise.resolve();

  async function load(): Promise<Settings> {
    let raw: string;
    try {
      raw = await readFile(file, 'utf8');
    } catch {
      return initial();
    }
    try {
      const parsed = settingsSchema.safeParse(JSON.parse(raw));
      if (parsed.success) return parsed.data;
      log(`settings.json is invalid (${parsed.error.issues[0]?.message ?? 'unknown'}); using defaults`);
    } catch {
      log('settings.json is not valid JSON; using defaults');
    }
    return defaultSettings();
  }

  return {
    async get() {
      cached ??= await load();
      return cached;
    },
    async update(patch) {
      const current = await this.get();
      const next = settingsSchema.parse({ ...current, ...patch });
      cached = next;
      // Write through a temp file so a crash never leaves half a settings file.
      writing = writing.then(async () => {
        await mkdir(dir, { recursive: true });
        const tmp = `${file}.tmp`;
        await writeFile(tmp, JSON.stringify(next, null, 2), { mode: 0o600 });
        await rename(tmp, file);
      });
      await writing;
      return next;
    },
  };
}
