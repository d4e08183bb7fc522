/** How the server is started: `npm run server` is plain Node; the benchmark chooses its own V8 flags. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { benchServerFlags, MEASURED_SERVER_FLAGS } from '../../bench/server-flags';

describe('how the server is started', () => {
  it('`npm run server` runs plain node: V8 flags are the operator’s to add', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.server).toBe('node --import tsx server/index.ts');
  });

  it('the benchmark uses the flags measured on the 2-core machine, or those BENCH_SERVER_FLAGS names', () => {
    expect(benchServerFlags({})).toEqual(['--max-semi-space-size=128', '--no-concurrent-marking']);
    expect(benchServerFlags({})).toEqual([...MEASURED_SERVER_FLAGS]);
    expect(benchServerFlags({ BENCH_SERVER_FLAGS: ' --max-semi-space-size=64  --trace-gc ' })).toEqual([
      '--max-semi-space-size=64',
      '--trace-gc',
    ]);
    expect(benchServerFlags({ BENCH_SERVER_FLAGS: '' })).toEqual([]); // V8's defaults
  });
});
