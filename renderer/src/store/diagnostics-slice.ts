/**
 * What the diagnostics panel shows: per-peer recordings, whether the panel is
 * open, and the last call's summary. A peer's recording holds the one snapshot
 * of its link (`latest`); the tiles and the call read it through the selectors.
 */
import type { StateCreator } from 'zustand';
import { linkRelayed, type PeerDiagnostics } from '../../../shared/diagnostics';
import type { ConnectionSnapshot } from '../../../shared/stats';
import { summarizeCall, type CallSummary, type HintSettings } from '../../../shared/report';

export interface LastCall {
  room: string;
  endedAt: number;
  summaries: CallSummary[];
}

export interface DiagnosticsSlice {
  /** Every peer met in this call, including those who left (their state is "closed"). */
  diagnostics: Record<string, PeerDiagnostics>;
  /** Records a newer one of the same person replaced (they rejoined, or the call moved to Janus). */
  earlier: PeerDiagnostics[];
  diagnosticsOpen: boolean;
  /** The peer the panel shows. */
  diagnosticsPeer: string | null;
  lastCall: LastCall | null;
  setDiagnostics: (id: string, data: PeerDiagnostics) => void;
  openDiagnostics: (open: boolean, peer?: string | null) => void;
  setLastCall: (call: LastCall | null) => void;
  resetDiagnostics: () => void;
}

/** The after-call card's lines: one per record, earlier ones of a person first (in the order they began). */
export function selectCallSummaries(s: DiagnosticsSlice, settings: HintSettings): CallSummary[] {
  const records = [...s.earlier, ...Object.values(s.diagnostics)];
  return records.sort((a, b) => a.startedAt - b.startedAt).map((d) => summarizeCall(d, settings));
}

/**
 * Whether `next` begins a new record for the person (they left and came back under the same id, or
 * the call moved to Janus) rather than continuing `current` (a replacement link is the same story).
 */
const beginsAnew = (current: PeerDiagnostics | undefined, next: PeerDiagnostics) =>
  current !== undefined &&
  next.state !== 'closed' &&
  (current.state === 'closed' || current.startedAt !== next.startedAt);

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
  earlier: [],
  diagnosticsOpen: false,
  diagnosticsPeer: null,
  lastCall: null,
  setDiagnostics: (id, data) =>
    set((s) => {
      const current = s.diagnostics[id];
      const earlier = beginsAnew(current, data) && current ? [...s.earlier, current] : s.earlier;
      return { diagnostics: { ...s.diagnostics, [id]: data }, earlier };
    }),
  openDiagnostics: (open, peer) =>
    set((s) => ({ diagnosticsOpen: open, diagnosticsPeer: peer === undefined ? s.diagnosticsPeer : peer })),
  setLastCall: (lastCall) => set({ lastCall }),
  resetDiagnostics: () => set({ diagnostics: {}, earlier: [], diagnosticsOpen: false, diagnosticsPeer: null }),
});
