/**
 * The NAT lab: network namespaces, real NATs, Chromium inside each home. Needs
 * root (CI is root); skips, saying why, elsewhere. One worker: the lab is one
 * set of namespaces and the machine has few cores.
 */
import { defineConfig } from '@playwright/test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ONE_AT_A_TIME, PAGE_DEFAULTS } from '../playwright-defaults';

export default defineConfig({
  testDir: '.',
  // The network-change benchmark's lab part (bench/network-change-lab.ts) runs its own file alone.
  testMatch: process.env.NATLAB_BENCH_OUT ? '*.lab-bench.ts' : '*.spec.ts',
  ...ONE_AT_A_TIME,
  timeout: 120_000,
  globalSetup: './global-setup.ts',
  globalTeardown: './global-teardown.ts',
  reporter: [['list'], ['json', { outputFile: '../../test-results/natlab.json' }]],
  // Not under test-results/: other suites running at the same time clean that folder at their start.
  outputDir: join(tmpdir(), 'traverse-natlab-artifacts'),
  // No launch options: the spec launches Chromium itself, inside each home's namespace (chromium-in-netns.sh).
  use: PAGE_DEFAULTS,
});
