/** "Copy report" and "Export report", with the outcome said in words. */
import { useState } from 'react';
import { copyReport, exportReport } from '../../diagnostics/report-export';
import { errorMessage } from '../../../../shared/error-message';

export function ReportButtons() {
  const [status, setStatus] = useState('');
  const run = (action: () => Promise<string>) => {
    setStatus('Preparing the report…');
    action().then(setStatus, (error: unknown) =>
      setStatus(`Could not make the report: ${errorMessage(error)}. Try Export report instead.`),
    );
  };
  return (
    <div className="report-buttons">
      <button type="button" onClick={() => run(async () => (await copyReport(), 'Report copied to the clipboard.'))}>
        Copy report
      </button>
      <button type="button" onClick={() => run(async () => `Report saved as ${await exportReport()}.`)}>
        Export report
      </button>
      <span role="status" className="muted small">
        {status}
      </span>
    </div>
  );
}
