/**
 * The app's one holder of live objects, a documented exception to "no
 * module-level state in renderer/src" (the store, store/index.ts, is the
 * other): the object that holds the current Call, the camera preview, the
 * lobby's signaling connection, the media streams the tiles show, the server
 * tester's run in progress and the report's extra sections. It is a module constant rather
 * than a value passed down from main.tsx because the components import their
 * commands as plain functions (call/call-controller.ts, signaling-client.ts'
 * `preconnect`, report-export.ts, diagnostics/server-tester.ts); those
 * functions delegate to this object.
 * Everything a call has lives in its Call (call/call.ts) and ends with it.
 */
import { CallHolder } from './call/call-holder';
import { MediaStreams } from './call/media-streams';
import { ServerTester } from './diagnostics/server-test-runner';

export interface AppContext {
  readonly media: MediaStreams;
  readonly calls: CallHolder;
  /** The ICE server tester: one run at a time (diagnostics/server-tester.ts has its commands). */
  readonly serverTests: ServerTester;
  /** Extra report sections other panels contribute (e.g. the ICE server tester's last run). */
  readonly reportSections: Map<string, () => unknown>;
}

function createAppContext(): AppContext {
  const media = new MediaStreams();
  return { media, calls: new CallHolder(media), serverTests: new ServerTester(), reportSections: new Map() };
}

export const app: AppContext = createAppContext();
