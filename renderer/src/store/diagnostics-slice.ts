/**
 * What the diagnostics panel shows: per-peer recordings, whether the panel is
 * open, and the last call's summary. A peer's recording holds the one snapshot
 * of its link (`latest`); the tiles and the call read it through the selectors.
 */
import type { StateCreator } from 'zustand';
import { linkRelayed, type PeerDiagnostics } from '../../../shared/diagnostics';
import type { ConnectionSnapshot } from '../../../shared/stats';
import type { CallSummary } from '../../../shared/report';

export interface LastCall {
  room: string;
  endedAt: number;
  summaries: CallSummary[];
}

export interface DiagnosticsSlice {
  /** Every peer met in this call, including those who left (their state is "closed"). */
  diagnostics: Record<string, PeerDiagnostics>;
  diagnosticsOpen: boolean;
  /** The peer the panel shows. */
  diagnosticsPeer: string | null;
  lastCall: LastCall | null;
  setDiagnostics: (id: string, data: PeerDiagnostics) => void;
  openDiagnostics: (open: boolean, peer?: string | null) => void;
  setLastCall: (call: LastCall | null) => void;
  resetDiagnostics: () => void;
}

/** The latest stats snapshot of the link in use to this peer, if any. */
export function selectSnapshot(s: DiagnosticsSlice, id: string): ConnectionSnapshot | null {
  return s.diagnostics[id]?.latest ?? null;
}

/** Whether the link in use to this peer runs through a TURN server, ours or theirs (a prflx relay counts). */
export function selectRelayed(s: DiagnosticsSlice, id: string): boolean {
  return linkRelayed(s.diagnostics[id]);
}

/** Whether any live link of the call runs through a TURN server. */
export function selectAnyRelayed(s: DiagnosticsSlice): boolean {
  return Object.values(s.diagnostics).some((d) => d.state !== 'closed' && linkRelayed(d));
}

export const createDiagnosticsSlice: StateCreator<DiagnosticsSlice, [], [], DiagnosticsSlice> = (set) => ({
  diagnostics: {},
  diagnosticsOpen: false,
  diagnosticsPeer: null,
  lastCall: null,
  setDiagnostics: (id, data) => set((s) => ({ diagnostics: { ...s.diagnostics, [id]: data } })),
  openDiagnostics: (open, peer) =>
    set((s) => ({ diagnosticsOpen: open, diagnosticsPeer: peer === undefined ? s.diagnosticsPeer : peer })),
  setLastCall: (lastCall) => set({ lastCall }),
  resetDiagnostics: () => set({ diagnostics: {}, diagnosticsOpen: false, diagnosticsPeer: null }),
});
