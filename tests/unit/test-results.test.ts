/**
 * `npm test` ends with the names of the tests that failed (CI keeps only the tail
 * of a log). The reports read here are real ones: vitest and Playwright are run on
 * a throwaway project with one passing and one failing test each.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { countPlaywright, countVitest, type Totals } from '../../scripts/test-results.mjs';

const bin = (name: string) => join(import.meta.dirname, '../../node_modules/.bin', name);
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function project(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'traverse-results-'));
  dirs.push(dir);
  // ES modules resolve packages from the folder up, so the throwaway project borrows ours.
  await symlink(join(import.meta.dirname, '../../node_modules'), join(dir, 'node_modules'));
  await Promise.all(Object.entries(files).map(([name, text]) => writeFile(join(dir, name), text)));
  return dir;
}

describe('npm test names every failed test at the end', () => {
  it('from a vitest report: file, test name and the first line of its error', async () => {
    const dir = await project({
      'vitest.config.mjs': 'export default { test: { include: ["*.test.mjs"] } };',
      'sum.test.mjs': [
        'import { expect, it } from "vitest";',
        'it("adds", () => expect(1 + 1).toBe(2));',
        'it("subtracts", () => expect(2 - 1, "two minus one").toBe(3));',
        'it("explains", () => { throw new Error("the tile stayed dark\\nlink 0: connected\\n  in video packets=0"); });',
      ].join('\n'),
    });
    spawnSync(bin('vitest'), ['run', '--reporter=json', '--outputFile.json=out.json'], { cwd: dir, timeout: 60_000 });
    const totals: Totals = { passed: 0, failed: 0, skipped: 0 };
    const failed: string[] = [];
    const details: string[] = [];
    expect(countVitest(join(dir, 'out.json'), totals, failed, dir, details)).toBe(true);
    expect(totals).toEqual({ passed: 1, failed: 2, skipped: 0 });
    expect(failed).toHaveLength(2);
    expect(failed[0]).toMatch(/^sum\.test\.mjs › subtracts: .*two minus one/);
    // The summary line is the first line; the details keep what the failure printed below it.
    expect(failed[1]).toBe('sum.test.mjs › explains: Error: the tile stayed dark');
    expect(details[1]).toMatch(
      /^sum\.test\.mjs › explains:\nError: the tile stayed dark\nlink 0: connected\n {2}in video packets=0/,
    );
  }, 60_000);

  it('from a Playwright report, and a missing report is told apart from a clean one', async () => {
    const dir = await project({
      'playwright.config.mjs': 'export default { testDir: ".", reporter: [["json", { outputFile: "out.json" }]] };',
      'a.spec.mjs': [
        'import { test, expect } from "@playwright/test";',
        'test("passes", () => expect(1).toBe(1));',
        'test.describe("group", () => { test("fails", () => expect("relay", "the path").toBe("host")); });',
      ].join('\n'),
    });
    spawnSync(bin('playwright'), ['test', '--config', 'playwright.config.mjs'], {
      cwd: dir,
      timeout: 60_000,
    });
    const totals: Totals = { passed: 0, failed: 0, skipped: 0 };
    const failed: string[] = [];
    expect(countPlaywright(join(dir, 'out.json'), totals, failed)).toBe(true);
    expect(totals).toEqual({ passed: 1, failed: 1, skipped: 0 });
    expect(failed).toEqual([expect.stringMatching(/^a\.spec\.mjs › fails: .*the path/)]);
    expect(countPlaywright(join(dir, 'missing.json'), totals, failed)).toBe(false);
  }, 60_000);
});
