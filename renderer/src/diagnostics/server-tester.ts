/**
 * The server tester's commands, as the UI calls them: each delegates to the
 * app's one ServerTester (app-context.ts), which holds the run in progress.
 */
import { app } from '../app-context';
import type { ServerTestRun } from '../../../shared/ice-test';
import type { ServerTestOptions } from './server-test-runner';
// Registers the last run as the report's serverTests section.
import './server-test-report';

export type { ServerTestOptions } from './server-test-runner';

/** Stops the run in progress: open connections close, untested rows read "cancelled". */
export function cancelServerTest(): void {
  app.serverTests.cancel();
}

/** Tests every configured server URL; resolves with the finished run (also in the store). */
export function startServerTest(options: ServerTestOptions = {}): Promise<ServerTestRun> {
  return app.serverTests.start(options);
}
