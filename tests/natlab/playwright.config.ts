/**
 * The NAT lab: network namespaces, real NATs, Chromium inside each home. Needs
 * root (CI is root); skips, saying why, elsewhere. One worker: the lab is one
 * set of namespaces and the machine has few cores.
 */
import { defineConfig } from '@playwright/test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  workers: 1,
  fullyParallel: false,
  timeout: 120_000,
  expect: { timeout: 20_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  globalSetup: './global-setup.ts',
  globalTeardown: './global-teardown.ts',
  reporter: [['list'], ['json', { outputFile: '../../test-results/natlab.json' }]],
  // Not under test-results/: other suites running at the same time clean that folder at their start.
  outputDir: join(tmpdir(), 'traverse-natlab-artifacts'),
  use: { viewport: { width: 1200, height: 760 }, trace: 'retain-on-failure' },
});
