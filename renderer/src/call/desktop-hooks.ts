/**
 * What the desktop does around a call, from the store: a desktop notification
 * when someone joins or the call drops while this window is not focused
 * (shared/notice-words.ts says when and in which words), and the display kept
 * awake from the moment the call is running until it ends (`call:active`).
 */
import type { TraverseApi } from '../../../shared/ipc-api';
import { noticesFor } from '../../../shared/notice-words';
import { errorMessage } from '../../../shared/error-message';
import { optionalBridge } from '../bridge';
import { useStore } from '../store';

export interface DesktopHookPorts {
  api: Pick<TraverseApi, 'notify' | 'setCallActive'>;
  /** document.hasFocus(): notifications only while the person looks elsewhere. */
  hasFocus: () => boolean;
  log: (message: string) => void;
}

/** Subscribes to the store; returns the unsubscribe. Without a main process (no bridge) it does nothing. */
export function startDesktopHooks(ports: DesktopHookPorts | null = defaultPorts()): () => void {
  if (!ports) return () => {};
  const { api, log } = ports;
  return useStore.subscribe((next, prev) => {
    const running = next.phase === 'in-call';
    if (running !== (prev.phase === 'in-call')) {
      api
        .setCallActive({ active: running })
        .catch((error: unknown) =>
          log(`Could not ${running ? 'keep' : 'stop keeping'} the display awake: ${errorMessage(error)}`),
        );
    }
    if (ports.hasFocus()) return;
    for (const notice of noticesFor(prev, next)) {
      api
        .notify(notice)
        .catch((error: unknown) => log(`Could not show a desktop notification: ${errorMessage(error)}`));
    }
  });
}

function defaultPorts(): DesktopHookPorts | null {
  const api = optionalBridge();
  if (!api) return null;
  return { api, hasFocus: () => document.hasFocus(), log: (message) => console.warn(`[desktop] ${message}`) };
}
