/** Types of test-results.mjs, for the unit test that reads real reports with it. */
export interface Totals {
  passed: number;
  failed: number;
  skipped: number;
}
export function firstLine(text: string | undefined): string;
export function leadingLines(text: string | undefined, lines?: number): string;
export function countVitest(file: string, totals: Totals, failed: string[], cwd?: string, details?: string[]): boolean;
export function countPlaywright(file: string, totals: Totals, failed: string[], details?: string[]): boolean;
