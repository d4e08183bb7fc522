import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { CHROMIUM_LAUNCH_OPTIONS } from './tests/chromium';
import { janusCommands } from './tests/support/browser-janus';
import { turnCommands } from './tests/support/browser-turn';

/** Browser tests that judge timing under a load they make themselves: never beside the other suites. */
const ALONE = ['tests/browser/refresh-stall.test.ts'];

/** Code that only runs in a browser (PeerLink, the call layer, the call view), tested in real Chromium. */
function browserProject(name: string, files: { include: string[]; exclude?: string[] }) {
  return {
    // The renderer's React view (grid-16.test.ts): bundled before the first test, not midway (a reload).
    optimizeDeps: {
      include: ['react', 'react-dom/client', 'react/jsx-dev-runtime', 'zustand', 'zustand/react/shallow', 'uplot'],
    },
    test: {
      name,
      ...files,
      testTimeout: 30_000,
      browser: {
        enabled: true,
        headless: true,
        provider: playwright({ launchOptions: CHROMIUM_LAUNCH_OPTIONS }),
        instances: [{ browser: 'chromium' as const }],
        screenshotFailures: false,
        // A real coturn the call-layer tests relay through (and cut mid-call); a real Janus for group calls.
        commands: { ...turnCommands, ...janusCommands },
      },
    },
  };
}

export default defineConfig({
  test: {
    projects: [
      {
        // Some unit tests run a child process (the security scan, prestart): 5 s is short on a loaded CI machine.
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node', testTimeout: 20_000 },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Real servers and browsers: one file at a time on a 2-core machine.
          fileParallelism: false,
        },
      },
      browserProject('browser', { include: ['tests/browser/**/*.test.ts'], exclude: [...ALONE] }),
      // Measured under a CPU burner the test starts itself: run with nothing else beside it (`npm test` runs it as its own step).
      browserProject('alone', { include: [...ALONE] }),
    ],
  },
});
