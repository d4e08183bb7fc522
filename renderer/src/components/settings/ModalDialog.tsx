/**
 * A modal dialog that behaves like one: rendered over the page, which is made
 * inert while it is open (screen readers and Tab cannot reach it); focus moves
 * into the dialog, Tab and Shift+Tab wrap inside it, Escape asks to close, and
 * focus goes back to whatever opened it (the Settings button).
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.getClientRects().length > 0);
}

interface Props {
  /** Id of the heading that names the dialog. */
  labelledBy: string;
  /** Escape pressed: the owner decides whether the dialog may close now. */
  onEscape: () => void;
  className?: string;
  children: ReactNode;
}

export function ModalDialog({ labelledBy, onEscape, className, children }: Props) {
  const dialog = useRef<HTMLElement>(null);
  const escape = useRef(onEscape);
  useEffect(() => {
    escape.current = onEscape;
  }, [onEscape]);

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const page = document.getElementById('root');
    page?.setAttribute('inert', '');
    const first = dialog.current ? focusables(dialog.current)[0] : undefined;
    (first ?? dialog.current)?.focus();
    return () => {
      page?.removeAttribute('inert');
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  function onKeyDown(event: React.KeyboardEvent) {
    if (event.key === 'Escape') {
      event.preventDefault();
      escape.current();
      return;
    }
    if (event.key !== 'Tab' || !dialog.current) return;
    const items = focusables(dialog.current);
    const first = items[0];
    const last = items.at(-1);
    if (!first || !last) return event.preventDefault();
    const active = document.activeElement;
    if (event.shiftKey && (active === first || !dialog.current.contains(active))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !dialog.current.contains(active))) {
      event.preventDefault();
      first.focus();
    }
  }

  return createPortal(
    <div className="settings-overlay" onKeyDown={onKeyDown}>
      <section
        ref={dialog}
        className={className}
        role="dialog"
        aria-modal="true"
        aria-labelledby={labelledBy}
        tabIndex={-1}
      >
        {children}
      </section>
    </div>,
    document.body,
  );
}
