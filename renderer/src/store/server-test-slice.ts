/**
 * The ICE server tester's last run, as the UI shows it and the diagnostics
 * report exports it: rows without credentials, and the verdict. Peer
 * connections and the cancel handle stay in renderer/src/diagnostics/.
 */
import type { StateCreator } from 'zustand';
import type { ServerTestRow, ServerTestRun } from '../../../shared/ice-test';

export interface ServerTestSlice {
  /** The run in progress or the last one finished; null before the first. */
  serverTest: ServerTestRun | null;
  setServerTest: (run: ServerTestRun) => void;
  /** Updates the rows (and verdict) of run `runId`; ignored once a newer run has started. */
  updateServerTestRows: (
    runId: number,
    update: (rows: ServerTestRow[]) => Pick<ServerTestRun, 'rows' | 'verdict'>,
  ) => void;
  /** Sets a main-process answer (or other fields) of run `runId`; ignored once a newer run has started. */
  patchServerTest: (runId: number, patch: Partial<Pick<ServerTestRun, 'nat' | 'certificates' | 'credentials'>>) => void;
}

export const createServerTestSlice: StateCreator<ServerTestSlice, [], [], ServerTestSlice> = (set) => ({
  serverTest: null,
  setServerTest: (serverTest) => set({ serverTest }),
  updateServerTestRows: (runId, update) =>
    set((s) =>
      s.serverTest && s.serverTest.id === runId ? { serverTest: { ...s.serverTest, ...update(s.serverTest.rows) } } : s,
    ),
  patchServerTest: (runId, patch) =>
    set((s) => (s.serverTest && s.serverTest.id === runId ? { serverTest: { ...s.serverTest, ...patch } } : s)),
});

/** For the diagnostics report: the last run, finished or not (null before the first). */
export const selectServerTest = (state: ServerTestSlice): ServerTestRun | null => state.serverTest;
