/** What the diagnostics panel shows: per-peer recordings, whether the panel is open, and the last call's summary. */
import type { StateCreator } from 'zustand';
import type { PeerDiagnostics } from '../../../shared/diagnostics';
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
