/** Pages under test expose the preload's API (or the harness bridge) as window.traverse. */
import type { TraverseApi } from '../shared/ipc-api';

declare global {
  interface Window {
    traverse?: TraverseApi;
  }
}
