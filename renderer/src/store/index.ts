/** The one store, combined from typed slices. */
import { create } from 'zustand';
import { createAppSlice, type AppSlice } from './app-slice';
import { createCallSlice, type CallSlice } from './call-slice';
import { createMediaSlice, type MediaSlice } from './media-slice';

export type TraverseState = AppSlice & CallSlice & MediaSlice;

export const useStore = create<TraverseState>()((...a) => ({
  ...createAppSlice(...a),
  ...createCallSlice(...a),
  ...createMediaSlice(...a),
}));

export { tileState } from './call-slice';
export type { RemotePeer, TileState } from './call-slice';
