/**
 * No source file over 300 lines (issue 15), product, tests, benchmarks and scripts alike, counted
 * after formatting: a file that long holds two things that want a file each. Prints the five
 * longest so a run shows which are close.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesUnder } from '../../scripts/function-lengths.mjs';

const LIMIT = 300;
const root = join(import.meta.dirname, '../..');
const DIRS = ['electron', 'renderer', 'server', 'shared', 'tests', 'bench', 'scripts', 'deploy'];
const SOURCE = /\.(m?[jt]sx?|cjs)$/;

function lineCount(text: string): number {
  return text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length;
}

describe('file lengths', () => {
  it('counts lines as wc -l does, with or without a final newline', () => {
    expect(lineCount('a\nb\n')).toBe(2);
    expect(lineCount('a\nb')).toBe(2);
  });

  it(`finds no source file over ${LIMIT} lines`, () => {
    const files = filesUnder(root, DIRS, (name: string) => SOURCE.test(name) && !name.endsWith('.d.ts'))
      .filter((path: string) => !path.includes('/results/') && !path.includes('/dist/'))
      .map((path: string) => ({ path, lines: lineCount(readFileSync(join(root, path), 'utf8')) }))
      .sort((a, b) => b.lines - a.lines);
    console.log(
      `The five longest source files (lines):\n${files
        .slice(0, 5)
        .map((f) => `  ${f.lines}  ${f.path}`)
        .join('\n')}`,
    );
    expect(files.length).toBeGreaterThan(200);
    expect(files.filter((f) => f.lines > LIMIT).map((f) => `${f.path}: ${f.lines}`)).toEqual([]);
  });
});
