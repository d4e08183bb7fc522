/**
 * The call's keyboard shortcuts, one row each: the key (with Ctrl, or Cmd on macOS), the
 * words, and the command it runs. The call view listens for them and shows each in its
 * button's tooltip (title) and aria-keyshortcuts; the README lists them.
 *
 * Keys are chosen so they never fire while typing (always with Ctrl/Cmd, see shortcut-keys.ts)
 * and do not take a shortcut people rely on: Ctrl+D and Ctrl+E (as Google Meet) are Chromium's
 * "bookmark" and "search" in a browser tab, which an Electron window does not have and a page
 * may take; Ctrl+Shift+H is free in Chromium and in Electron's default menu.
 */
import { hangUp, setCameraOff, setMuted, shareScreen, stopSharing } from '../call/call-controller';
import { useStore } from '../store';
import {
  ariaShortcut,
  findShortcut,
  shortcutWords,
  usesCommandKey,
  type KeyPress,
  type ShortcutKey,
} from './shortcut-keys';

export type ShortcutId = 'mute' | 'camera' | 'hang-up' | 'share-screen';

export interface Shortcut extends ShortcutKey {
  id: ShortcutId;
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
  // Ctrl/Cmd+Shift+S is free in Chromium and in Electron's default menu.
  {
    id: 'share-screen',
    key: 's',
    shift: true,
    label: 'Share screen or stop sharing',
    command: () => (useStore.getState().sharing ? stopSharing() : void shareScreen()),
  },
];

/** The shortcut a key press means, if any. */
export function shortcutFor(event: KeyPress): Shortcut | undefined {
  return findShortcut(SHORTCUTS, event, usesCommandKey());
}

/** title and aria-keyshortcuts for the button a shortcut presses (nothing when the table has no row for it). */
export function shortcutProps(id: ShortcutId): { title?: string; 'aria-keyshortcuts'?: string } {
  const shortcut = SHORTCUTS.find((s) => s.id === id);
  if (!shortcut) return {};
  const mac = usesCommandKey();
  return {
    title: `${shortcut.label} (${shortcutWords(shortcut, mac)})`,
    'aria-keyshortcuts': ariaShortcut(shortcut, mac),
  };
}
