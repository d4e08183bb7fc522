// Reads the JSON reports that vitest and Playwright write: totals, and every
// failed test by file and name (printed again at the very end of `npm test`,
// because CI keeps only the tail of a log).
import { existsSync, readFileSync } from 'node:fs';

/** A message without terminal colours. */
function plain(text) {
  // eslint-disable-next-line no-control-regex -- terminal colour codes start with ESC
  return (text ?? 'no message').replace(/\u001b\[[0-9;]*m/g, '');
}

/** The first non-empty line of an error message, without terminal colours. */
export function firstLine(text) {
  return (
    plain(text)
      .split('\n')
      .find((line) => line.trim()) ?? ''
  ).trim();
}

/** An error message without terminal colours, its first `lines` lines: what a failure printed to explain itself. */
export function leadingLines(text, lines = 80) {
  return plain(text).split('\n').slice(0, lines).join('\n');
}

/** Adds a vitest JSON report to `totals` and `failed`; false when the file is missing. */
export function countVitest(file, totals, failed, cwd = process.cwd(), details = []) {
  if (!existsSync(file)) return false;
  const r = JSON.parse(readFileSync(file, 'utf8'));
  totals.passed += r.numPassedTests ?? 0;
  totals.failed += r.numFailedTests ?? 0;
  totals.skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  for (const result of r.testResults ?? []) {
    const where = result.name.replace(`${cwd}/`, '');
    const tests = result.assertionResults ?? [];
    for (const t of tests) {
      if (t.status !== 'failed') continue;
      const name = `${where} › ${t.fullName ?? t.title}`;
      failed.push(`${name}: ${firstLine(t.failureMessages?.[0])}`);
      details.push(`${name}:\n${leadingLines(t.failureMessages?.[0])}`);
    }
    // A file that failed before any test ran (an import error, a failing hook).
    if (result.status === 'failed' && !tests.some((t) => t.status === 'failed'))
      failed.push(`${where}: ${firstLine(result.message)}`);
  }
  return true;
}

/** Adds a Playwright JSON report to `totals` and `failed`; false when the file is missing. */
export function countPlaywright(file, totals, failed, details = []) {
  if (!existsSync(file)) return false;
  const r = JSON.parse(readFileSync(file, 'utf8'));
  const s = r.stats ?? {};
  totals.passed += (s.expected ?? 0) + (s.flaky ?? 0);
  totals.failed += s.unexpected ?? 0;
  totals.skipped += s.skipped ?? 0;
  const visit = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status !== 'unexpected') continue;
        const last = test.results?.[test.results.length - 1];
        const name = `${spec.file ?? suite.file ?? ''} › ${spec.title}`;
        failed.push(`${name}: ${firstLine(last?.error?.message)}`);
        details.push(`${name}:\n${leadingLines(last?.error?.message)}`);
      }
    }
    for (const child of suite.suites ?? []) visit(child);
  };
  for (const suite of r.suites ?? []) visit(suite);
  return true;
}
