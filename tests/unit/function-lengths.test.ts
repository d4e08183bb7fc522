/**
 * No product function over 80 lines (issue 15: the guideline is 60 to 80), with no exemptions:
 * a long function has seams to split along. Prints the ten longest so a run shows where the code
 * is heading.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatRow, functionLengths, measureSource } from '../../scripts/function-lengths.mjs';

const LIMIT = 80;
const root = join(import.meta.dirname, '../..');

describe('function lengths', () => {
  it('measures declarations, arrows, methods and callbacks, from first to last line', () => {
    const text = [
      'export function outer() {',
      '  const inner = () => {',
      '    return 1;',
      '  };',
      '  return inner();',
      '}',
      'class A {',
      '  m() {',
      '    on("connection", (s) => s);',
      '  }',
      '}',
    ].join('\n');
    expect(measureSource('x.ts', text).map((f) => [f.name, f.line, f.lines])).toEqual([
      ['outer', 1, 6],
      ['inner', 2, 3],
      ['A.m', 8, 3],
      ['<callback of on("connection")>', 9, 1],
    ]);
  });

  it(`counts a function of ${LIMIT + 1} lines as over the limit, and one of ${LIMIT} as within it`, () => {
    const body = (lines: number) => ['function f() {', ...Array<string>(lines - 2).fill('  g();'), '}'].join('\n');
    expect(measureSource('x.ts', body(LIMIT + 1)).filter((f) => f.lines > LIMIT)).toHaveLength(1);
    expect(measureSource('x.ts', body(LIMIT)).filter((f) => f.lines > LIMIT)).toHaveLength(0);
  });

  it(`finds no product function over ${LIMIT} lines`, () => {
    const all = functionLengths(root);
    console.log(`The ten longest product functions (lines):\n${all.slice(0, 10).map(formatRow).join('\n')}`);
    expect(all.length).toBeGreaterThan(100);
    expect(all.filter((f) => f.lines > LIMIT).map(formatRow)).toEqual([]);
  });
});
