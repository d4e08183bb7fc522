/**
 * The call's keyboard shortcuts, one row each: the key (with Ctrl, or Cmd on macOS), the
 * words, and the command it runs. The call view listens for them and shows each in its
 * button's tooltip (title) and aria-keyshortcuts; the README lists them.
 *
 * Keys are chosen so they never fire while typing (always with Ctrl/Cmd) and so they do not
 * take a shortcut people rely on: Ctrl+D and Ctrl+E (as Google Meet) are Chromium's "bookmark"
 * and "search" in a browser, which an Electron window does not have and a page may take;
 * Ctrl+Shift+H is free in Chromium and in Electron's default menu. On macOS Cmd is used,
 * because Ctrl+E there moves the caret to the end of a text field.
 */
import { hangUp, setCameraOff, setMuted } from '../call/call-controller';
import { useStore } from '../store';

export type ShortcutId = 'mute' | 'camera' | 'hang-up' | 'share-screen';

export interface Shortcut {
  id: ShortcutId;
  /** KeyboardEvent.key, lower case. */
  key: string;
  shift: boolean;
  /** What it does, in the words of its button. */
  label: string;
  command: () => void;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { id: 'mute', key: 'd', shift: false, label: 'Mute or unmute', command: () => setMuted(!useStore.getState().muted) },
  {
    id: 'camera',
    key: 'e',
    shift: false,
    label: 'Camera off or on',
    command: () => setCameraOff(!useStore.getState().cameraOff),
  },
  { id: 'hang-up', key: 'h', shift: true, label: 'Hang up', command: () => void hangUp() },
  // Share screen (call-controller's toggleScreenShare) goes here, one line, Ctrl/Cmd+Shift+S:
  // { id: 'share-screen', key: 's', shift: true, label: 'Share screen or stop sharing', command: toggleScreenShare },
];

/** macOS uses Cmd where other systems use Ctrl. */
export function usesCommandKey(userAgent: string = navigator.userAgent): boolean {
  return /Macintosh|Mac OS X|iPhone|iPad/.test(userAgent);
}

/** The shortcut a key press means, if any. */
/** The parts of a KeyboardEvent a shortcut is read from. */
export type KeyPress = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey' | 'repeat'>;

export function shortcutFor(event: KeyPress, mac: boolean = usesCommandKey()): Shortcut | undefined {
  const primary = mac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
  if (!primary || event.altKey || event.repeat) return undefined;
  const key = event.key.toLowerCase();
  return SHORTCUTS.find((s) => s.key === key && s.shift === event.shiftKey);
}

/** How a shortcut reads: "Ctrl+Shift+H", or "⌘⇧H" on macOS. */
export function shortcutWords(shortcut: Shortcut, mac: boolean = usesCommandKey()): string {
  const key = shortcut.key.toUpperCase();
  if (mac) return `⌘${shortcut.shift ? '⇧' : ''}${key}`;
  return `Ctrl+${shortcut.shift ? 'Shift+' : ''}${key}`;
}

/** The aria-keyshortcuts value: "Control+Shift+H", or "Meta+Shift+H" on macOS. */
export function ariaShortcut(shortcut: Shortcut, mac: boolean = usesCommandKey()): string {
  return `${mac ? 'Meta' : 'Control'}+${shortcut.shift ? 'Shift+' : ''}${shortcut.key.toUpperCase()}`;
}

/** title and aria-keyshortcuts for the button a shortcut presses (nothing when the table has no row for it). */
export function shortcutProps(id: ShortcutId): { title?: string; 'aria-keyshortcuts'?: string } {
  const shortcut = SHORTCUTS.find((s) => s.id === id);
  if (!shortcut) return {};
  return { title: `${shortcut.label} (${shortcutWords(shortcut)})`, 'aria-keyshortcuts': ariaShortcut(shortcut) };
}
