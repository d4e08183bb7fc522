import { defineConfig } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './tests/chromium';

// Workers inherit the environment, so the port and token chosen here are shared by everyone.
process.env.HARNESS_PORT ??= execFileSync(process.execPath, [
  '-e',
  "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})",
])
  .toString()
  .trim();
process.env.HARNESS_TOKEN ??= randomBytes(18).toString('base64url');
// Test profiles start with no ICE servers: nothing resolves or contacts a host off this machine.
process.env.HARNESS_ICE_SERVERS ??= '[]';
const origin = `http://127.0.0.1:${process.env.HARNESS_PORT}`;

export default defineConfig({
  testDir: 'tests/e2e',
  // Each test runs several Chromium pages with real media: one at a time on 2 cores.
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 20_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: process.env.CI ? [['list'], ['json', { outputFile: 'test-results/e2e.json' }]] : [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    baseURL: origin,
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    viewport: { width: 1200, height: 760 },
    trace: 'retain-on-failure',
  },
  webServer: {
    command: 'npx tsx tests/harness/main.ts',
    url: `${origin}/healthz`,
    reuseExistingServer: false,
    stdout: 'pipe',
    timeout: 60_000,
  },
});
