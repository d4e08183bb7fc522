/** The Join sounds choice read back from storage: only a stored boolean counts; anything else is off. */
import { describe, expect, it } from 'vitest';
import { JOIN_SOUNDS_KEY, loadJoinSounds, saveJoinSounds } from '../../renderer/src/store/join-sounds-storage';

/** localStorage does not exist in Node: a Map with its two methods stands in. */
function memoryStorage(initial: Record<string, string> = {}) {
  const map = new Map(Object.entries(initial));
  return {
    map,
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
  };
}

describe('Join sounds, kept across reloads', () => {
  it('saved on and off under its key, and read back', () => {
    const storage = memoryStorage();
    expect(loadJoinSounds(storage), 'off before any choice').toBe(false);
    saveJoinSounds(true, storage);
    expect(storage.map.get(JOIN_SOUNDS_KEY)).toBe('true');
    expect(loadJoinSounds(storage)).toBe(true);
    saveJoinSounds(false, storage);
    expect(loadJoinSounds(storage)).toBe(false);
  });

  it('anything but a stored boolean is off', () => {
    for (const value of ['yes', '1', '"true"', '{', 'null'])
      expect(loadJoinSounds(memoryStorage({ [JOIN_SOUNDS_KEY]: value })), value).toBe(false);
  });

  it('storage that refuses (blocked, full) neither throws nor turns the sound on', () => {
    const refusing = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
    };
    expect(loadJoinSounds(refusing)).toBe(false);
    expect(() => saveJoinSounds(true, refusing)).not.toThrow();
    expect(loadJoinSounds(null)).toBe(false);
  });
});
