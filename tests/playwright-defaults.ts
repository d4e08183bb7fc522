/**
 * What the Playwright suites that drive Chromium pages (e2e, NAT lab) share:
 * how they run and what a page looks like. Each config adds its own test
 * folder, timeout and browser.
 */
import type { PlaywrightTestConfig } from '@playwright/test';

/** Several Chromium pages with real media per test: one test at a time on 2 cores, and no retries hiding a flaky one. */
export const ONE_AT_A_TIME = {
  workers: 1,
  fullyParallel: false,
  expect: { timeout: 20_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
} satisfies PlaywrightTestConfig;

/** The window every page gets (screenshots compare across suites), and a trace kept only when a test fails. */
export const PAGE_DEFAULTS = {
  viewport: { width: 1200, height: 760 },
  trace: 'retain-on-failure',
} satisfies PlaywrightTestConfig['use'];
