/**
 * Puts the ICE server tester's last run into the diagnostics report: the rows
 * (no credentials), the verdict, and the same run as plain-text lines.
 */
import { formatServerTestReport } from '../../../shared/ice-test-words';
import { selectServerTest, useStore } from '../store';
import { contributeToReport } from './report-export';

export function serverTestReportSection(): unknown {
  const run = selectServerTest(useStore.getState());
  return run ? { ...run, lines: formatServerTestReport(run) } : null;
}

contributeToReport('serverTests', serverTestReportSection);
