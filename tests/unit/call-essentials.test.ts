/** The pure parts of the lobby and call view: the start sentence, the level meter, the timer, join/leave changes, shortcuts. */
import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../renderer/src/components/call/duration';
import { changeWords, peerChanges } from '../../renderer/src/components/call/peer-changes';
import { decayed, levelFromSamples } from '../../renderer/src/components/lobby/mic-level';
import { startWords } from '../../renderer/src/components/lobby/start-words';
import {
  ariaShortcut,
  findShortcut,
  shortcutWords,
  usesCommandKey,
  type KeyPress,
} from '../../renderer/src/components/shortcut-keys';

/** The keys of components/shortcuts.ts (that file runs the app's commands, so it is not loaded here). */
const SHORTCUTS = [
  { id: 'mute', key: 'd', shift: false },
  { id: 'camera', key: 'e', shift: false },
  { id: 'hang-up', key: 'h', shift: true },
];
const shortcutFor = (event: KeyPress, mac: boolean) => findShortcut(SHORTCUTS, event, mac);

describe('the lobby says how the call starts', () => {
  it('in words for each switch', () => {
    expect(startWords(false, false, false)).toBe('You will join with your microphone and camera on.');
    expect(startWords(true, false, false)).toBe('You will join muted, with your camera on.');
    expect(startWords(false, true, false)).toBe('You will join with your camera off and your microphone on.');
    expect(startWords(true, true, true)).toBe(
      'You will join muted, with your camera off. Every connection will go through a TURN relay (Relay only).',
    );
  });
});

describe('microphone level', () => {
  it('is 0 for silence, 100 at full scale, in between for a quiet tone', () => {
    expect(levelFromSamples(new Float32Array(512))).toBe(0);
    expect(levelFromSamples(new Float32Array(512).fill(1))).toBe(100);
    const quiet = Float32Array.from({ length: 512 }, (_, i) => 0.01 * Math.sin(i / 3)); // about -43 dBFS
    expect(levelFromSamples(quiet)).toBeGreaterThan(20);
    expect(levelFromSamples(quiet)).toBeLessThan(40);
  });
  it('falls back slowly after a peak and rises at once', () => {
    expect(decayed(80, 0)).toBe(56);
    expect(decayed(10, 70)).toBe(70);
    expect(decayed(1, 0), 'reaches 0 again').toBe(0);
  });
});

describe('call timer', () => {
  it('reads mm:ss under an hour and h:mm:ss from an hour on', () => {
    expect(formatDuration(0)).toBe('00:00');
    expect(formatDuration(65_400)).toBe('01:05');
    expect(formatDuration(3_599_999)).toBe('59:59');
    expect(formatDuration(3_600_000)).toBe('1:00:00');
    expect(formatDuration(36_061_000)).toBe('10:01:01');
    expect(formatDuration(-5)).toBe('00:00');
  });
});

describe('join and leave notices', () => {
  it('name who came and who went, and nothing when nobody did', () => {
    const before = { a: { name: 'Ana' }, b: { name: 'Ben' } };
    const after = { a: { name: 'Ana' }, c: { name: 'Cy' } };
    expect(peerChanges(before, after).map(changeWords)).toEqual(['Ben left', 'Cy joined']);
    expect(peerChanges(before, { ...before })).toEqual([]);
  });
});

describe('keyboard shortcuts', () => {
  const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
    key,
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    altKey: false,
    repeat: false,
    ...mods,
  });
  it('take Ctrl on Linux and Windows, Cmd on macOS, and never a bare key, Alt or a held key', () => {
    expect(shortcutFor(press('d', { ctrlKey: true }), false)?.id).toBe('mute');
    expect(shortcutFor(press('E', { ctrlKey: true }), false)?.id).toBe('camera');
    expect(shortcutFor(press('H', { ctrlKey: true, shiftKey: true }), false)?.id).toBe('hang-up');
    expect(shortcutFor(press('h', { ctrlKey: true }), false)).toBeUndefined();
    expect(shortcutFor(press('d'), false)).toBeUndefined();
    expect(shortcutFor(press('d', { metaKey: true }), false)).toBeUndefined();
    expect(shortcutFor(press('d', { ctrlKey: true, altKey: true }), false)).toBeUndefined();
    expect(shortcutFor(press('d', { ctrlKey: true, repeat: true }), false)).toBeUndefined();
    expect(shortcutFor(press('d', { metaKey: true }), true)?.id).toBe('mute');
    // Ctrl+E moves the caret to the line's end in a macOS text field: not a shortcut there.
    expect(shortcutFor(press('e', { ctrlKey: true }), true)).toBeUndefined();
  });
  it('read as people write them and as aria-keyshortcuts wants them', () => {
    const hang = SHORTCUTS.find((s) => s.id === 'hang-up');
    if (!hang) throw new Error('no hang-up shortcut');
    expect(shortcutWords(hang, false)).toBe('Ctrl+Shift+H');
    expect(shortcutWords(hang, true)).toBe('⌘⇧H');
    expect(ariaShortcut(hang, false)).toBe('Control+Shift+H');
    expect(ariaShortcut(hang, true)).toBe('Meta+Shift+H');
    expect(usesCommandKey('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0)')).toBe(true);
    expect(usesCommandKey('Mozilla/5.0 (X11; Linux x86_64)')).toBe(false);
  });
});
