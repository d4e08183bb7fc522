/** Types of test-results.mjs, for the unit test that reads real reports with it. */
export interface Totals {
  passed: number;
  failed: number;
  skipped: number;
}
export function firstLine(text: string | undefined): string;
export function countVitest(file: string, totals: Totals, failed: string[], cwd?: string): boolean;
export function countPlaywright(file: string, totals: Totals, failed: string[]): boolean;
