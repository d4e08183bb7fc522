import { defineConfig } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { CHROMIUM_LAUNCH_OPTIONS } from './tests/chromium';
import { ONE_AT_A_TIME, PAGE_DEFAULTS } from './tests/playwright-defaults';

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
  ...ONE_AT_A_TIME,
  timeout: 90_000,
  reporter: process.env.CI
    ? [['list'], ['json', { outputFile: 'test-results/e2e.json' }]]
    : [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: { ...PAGE_DEFAULTS, baseURL: origin, launchOptions: CHROMIUM_LAUNCH_OPTIONS },
  webServer: {
    command: 'npx tsx tests/harness/main.ts',
    url: `${origin}/healthz`,
    reuseExistingServer: false,
    stdout: 'pipe',
    timeout: 60_000,
  },
});
