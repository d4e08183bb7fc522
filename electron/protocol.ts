/** Serves the built renderer from app://traverse/ (never file://), with our CSP on every response (core/app-protocol). */
import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import { createAppProtocolHandler } from './core/app-protocol';
import { APP_SCHEME } from './core/guards';

/** Must run before `app.whenReady()`. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

export function serveRenderer(root: string, csp: () => Promise<string>): void {
  protocol.handle(
    APP_SCHEME,
    createAppProtocolHandler(root, { fetchFile: (file) => net.fetch(pathToFileURL(file).toString()), csp }),
  );
}
