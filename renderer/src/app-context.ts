/**
 * The app's one holder of live objects, a documented exception to "no
 * module-level state in renderer/src" (the store, store/index.ts, is the
 * other; diagnostics/server-tester.ts still has its run in module variables):
 * the object that holds the current Call, the
 * camera preview, the lobby's signaling connection, the media streams the
 * tiles show and the report's extra sections. It is a module constant rather
 * than a value passed down from main.tsx because the components import their
 * commands as plain functions (call/call-controller.ts, signaling-client.ts'
 * `preconnect`, report-export.ts); those functions delegate to this object.
 * Everything a call has lives in its Call (call/call.ts) and ends with it.
 */
import { CallHolder } from './call/call-holder';
import { MediaStreams } from './call/media-streams';

export interface AppContext {
  readonly media: MediaStreams;
  readonly calls: CallHolder;
  /** Extra report sections other panels contribute (e.g. the ICE server tester's last run). */
  readonly reportSections: Map<string, () => unknown>;
}

function createAppContext(): AppContext {
  const media = new MediaStreams();
  return { media, calls: new CallHolder(media), reportSections: new Map() };
}

export const app: AppContext = createAppContext();
