/** Runs the call's keyboard shortcuts (components/shortcuts.ts) while the call view is open. */
import { useEffect } from 'react';
import { shortcutFor } from '../shortcuts';

export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const shortcut = shortcutFor(event);
      if (!shortcut) return;
      // The browser's own meaning of the key (bookmark, search) does not apply in a call.
      event.preventDefault();
      shortcut.command();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
