/**
 * The Join sounds choice, kept across reloads and restarts in the page's
 * localStorage under one key. What is read back is parsed: anything but a
 * stored boolean (nothing yet, an edited or older value) means off, the default.
 */
import { z } from 'zod';

export const JOIN_SOUNDS_KEY = 'traverse.call.joinSounds';

const Stored = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not JSON' });
      return z.NEVER;
    }
  })
  .pipe(z.boolean());

type KeyValue = Pick<Storage, 'getItem' | 'setItem'>;

/** The page's localStorage, or null where the page may not use it (storage blocked). */
function pageStorage(): KeyValue | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function loadJoinSounds(storage: KeyValue | null = pageStorage()): boolean {
  try {
    const parsed = Stored.safeParse(storage?.getItem(JOIN_SOUNDS_KEY));
    return parsed.success ? parsed.data : false;
  } catch {
    return false;
  }
}

/** Keeps the choice; where storage is refused it still applies until the window closes. */
export function saveJoinSounds(on: boolean, storage: KeyValue | null = pageStorage()): void {
  try {
    storage?.setItem(JOIN_SOUNDS_KEY, JSON.stringify(on));
  } catch {
    // Storage full or blocked: nothing more to do, and nothing a person could act on mid-call.
  }
}
