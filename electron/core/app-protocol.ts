/**
 * The app:// request handler: the renderer's files and nothing else, each with
 * our Content-Security-Policy. Reading a file is a port (Electron's net.fetch
 * of a file: URL in the app, the file system in tests), so the whole handler
 * runs in plain Node.
 */
import { resolveAppPath } from './guards';

export interface AppProtocolPorts {
  /** Reads one file already proven to be under the renderer root; rejects when it is missing. */
  fetchFile: (path: string) => Promise<Response>;
  /** The policy for this response: it follows the configured signaling server. */
  csp: () => Promise<string>;
}

const notFound = () => new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' } });

export function createAppProtocolHandler(
  root: string,
  ports: AppProtocolPorts,
): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return new Response('Method not allowed', { status: 405 });
    // resolveAppPath refuses `..` (plain or encoded), backslashes and other hosts: nothing outside `root` is served.
    const file = resolveAppPath(root, request.url);
    if (file === null) return notFound();
    let response: Response;
    try {
      response = await ports.fetchFile(file);
    } catch {
      return notFound();
    }
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', await ports.csp());
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  };
}
