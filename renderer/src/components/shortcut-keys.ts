/**
 * How a shortcut's key is pressed and written: with Ctrl, or Cmd on macOS (where Ctrl+E moves
 * the caret to the end of a text field), never with Alt, never a key held down.
 */

/** A key of the shortcut table (components/shortcuts.ts). */
export interface ShortcutKey {
  /** KeyboardEvent.key, lower case. */
  key: string;
  shift: boolean;
}

/** The parts of a KeyboardEvent a shortcut is read from. */
export type KeyPress = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey' | 'repeat'>;

/** macOS uses Cmd where other systems use Ctrl. */
export function usesCommandKey(userAgent: string = navigator.userAgent): boolean {
  return /Macintosh|Mac OS X|iPhone|iPad/.test(userAgent);
}

/** The row of `table` a key press means, if any. */
export function findShortcut<T extends ShortcutKey>(table: readonly T[], event: KeyPress, mac: boolean): T | undefined {
  const primary = mac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
  if (!primary || event.altKey || event.repeat) return undefined;
  const key = event.key.toLowerCase();
  return table.find((s) => s.key === key && s.shift === event.shiftKey);
}

/** How a shortcut reads: "Ctrl+Shift+H", or "⌘⇧H" on macOS. */
export function shortcutWords(shortcut: ShortcutKey, mac: boolean): string {
  const key = shortcut.key.toUpperCase();
  if (mac) return `⌘${shortcut.shift ? '⇧' : ''}${key}`;
  return `Ctrl+${shortcut.shift ? 'Shift+' : ''}${key}`;
}

/** The aria-keyshortcuts value: "Control+Shift+H", or "Meta+Shift+H" on macOS. */
export function ariaShortcut(shortcut: ShortcutKey, mac: boolean): string {
  return `${mac ? 'Meta' : 'Control'}+${shortcut.shift ? 'Shift+' : ''}${shortcut.key.toUpperCase()}`;
}
