/**
 * The one store, combined from typed slices. A documented exception to "no
 * module-level state": it is what the UI reads (zustand's hook is a module
 * value by design); it holds plain data, never a call's live objects, which
 * live in the Call (call/call.ts) held by app-context.ts.
 */
import { create } from 'zustand';
import { createAppSlice, type AppSlice } from './app-slice';
import { createCallSlice, type CallSlice } from './call-slice';
import { createDiagnosticsSlice, type DiagnosticsSlice } from './diagnostics-slice';
import { createMediaSlice, type MediaSlice } from './media-slice';
import { createPeerMediaSlice, type PeerMediaSlice } from './peer-media-slice';
import { createServerTestSlice, type ServerTestSlice } from './server-test-slice';
import { createCallViewSlice, type CallViewSlice } from './call-view-slice';

export type TraverseState = AppSlice &
  CallSlice &
  MediaSlice &
  DiagnosticsSlice &
  ServerTestSlice &
  CallViewSlice &
  PeerMediaSlice;

export const useStore = create<TraverseState>()((...a) => ({
  ...createAppSlice(...a),
  ...createCallSlice(...a),
  ...createMediaSlice(...a),
  ...createDiagnosticsSlice(...a),
  ...createServerTestSlice(...a),
  ...createCallViewSlice(...a),
  ...createPeerMediaSlice(...a),
}));

export { tileState } from './call-slice';
export type { RemotePeer, TileState } from './call-slice';
export { selectHintSettings } from './app-slice';
export { selectServerTest } from './server-test-slice';
export { selectAnyRelayed, selectCallSummaries, selectRelayed, selectSnapshot } from './diagnostics-slice';
