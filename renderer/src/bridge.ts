/** Typed access to `window.traverse`, provided by the preload (Electron) or the web harness. */
import type { TraverseApi } from '../../shared/ipc-api';

declare global {
  interface Window {
    traverse?: TraverseApi;
  }
}

export function bridge(): TraverseApi {
  if (!window.traverse) {
    throw new Error(
      'Traverse could not reach its main process: window.traverse is missing. Start the app with `npm start` or the harness with `npm run web`.',
    );
  }
  return window.traverse;
}

/** `window.traverse`, or null where there is none (a page without the preload or the harness bridge). */
export function optionalBridge(): TraverseApi | null {
  return window.traverse ?? null;
}
