/**
 * Desktop notifications for the call ("Ben joined", "Call dropped"), shown only
 * while our window is not focused: a person looking at the call sees it already.
 * Electron's Notification and window focus come in as ports.
 */
export interface NotifierPorts {
  /** Notification.isSupported(): false where the system has no notification service. */
  isSupported(): boolean;
  /** True while one of our windows has the focus. */
  isWindowFocused(): boolean;
  /** Shows one notification; `onClick` runs when the person clicks it. */
  show(notice: { title: string; body: string }, onClick: () => void): void;
  /** Brings our window to the front. */
  focusWindow(): void;
}

export type NoticeResult = { shown: boolean; reason: 'shown' | 'window-focused' | 'unsupported' };

export interface Notifier {
  notify(notice: { title: string; body: string }): NoticeResult;
}

export function createNotifier(ports: NotifierPorts): Notifier {
  return {
    notify(notice) {
      if (!ports.isSupported()) return { shown: false, reason: 'unsupported' };
      if (ports.isWindowFocused()) return { shown: false, reason: 'window-focused' };
      ports.show({ title: notice.title, body: notice.body }, () => ports.focusWindow());
      return { shown: true, reason: 'shown' };
    },
  };
}
