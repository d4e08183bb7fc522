/**
 * Puts the ICE server tester's last run into the diagnostics report: the rows
 * (no credentials), the verdict, the main process's answers, and the same run as plain-text
 * lines, the ladder of how calls will go among them.
 */
import { connectionTestLines } from '../../../shared/connection-report';
import { formatServerTestReport } from '../../../shared/ice-test-words';
import { selectServerTest, useStore } from '../store';
import { contributeToReport } from './report-export';

export function serverTestReportSection(): unknown {
  const state = useStore.getState();
  const run = selectServerTest(state);
  const relayOnly = state.settings?.relayOnly === true;
  return run ? { ...run, lines: [...formatServerTestReport(run), ...connectionTestLines(run, relayOnly)] } : null;
}

contributeToReport('serverTests', serverTestReportSection);
