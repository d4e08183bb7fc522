/**
 * The web harness: the built renderer in any browser on 127.0.0.1, with
 * `window.traverse` forwarded to the same handler table the main process
 * registers. Loopback only, guarded by a random per-run token. Each `profile`
 * (a query parameter) is a separate app instance with its own settings, so
 * several pages can be several people. A development and test tool, never
 * part of the packaged app.
 */
import { build } from 'esbuild';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentSecurityPolicy } from '../../electron/core/guards';
import { dispatch } from '../../electron/core/dispatch';
import { iceServerSchema, type IceServerConfig } from '../../shared/config';
import type { IceEnv } from '../../server/ice-env';
import { handleHttp, startSignalingServer, type RunningSignalingServer } from '../../server/signaling-server';
import { createAesSecretStorage } from './aes-secret-storage';
import { guardRequest, loopbackHosts, TOKEN_COOKIE } from './harness-guard';
import { createProfile, type Profile } from './harness-profile';
import { readBody } from './read-body';
import type { EmbeddedHosting } from '../../electron/core/embedded-hosting';
import type { ServerAddressOptions } from '../../electron/core/server-addresses';

const here = fileURLToPath(new URL('.', import.meta.url));
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};
const PROFILE = /^[A-Za-z0-9_-]{1,32}$/;
const MAX_BODY = 64 * 1024;

export interface HarnessOptions {
  port?: number;
  /** Defaults to a fresh random token. */
  token?: string;
  rendererDir?: string;
  /** Where profiles keep their settings and vaults; defaults to a fresh temp dir. */
  dataDir?: string;
  /** Where cloudflare mode posts (a local fake in tests); Cloudflare's API otherwise. */
  cloudflareApiBase?: string;
  /** ICE minting of the hosted signaling server (server mode's source); STUN only when absent. */
  serverIce?: IceEnv;
  /** Janus for the hosted signaling server's group calls (none: rooms are meshes of at most four). */
  janus?: NonNullable<Parameters<typeof startSignalingServer>[0]>['janus'];
  /** The secret-storage backend to pretend to be, e.g. basic_text to see weak-storage handling. */
  secretBackend?: string;
  /** A new profile's ICE servers: none by default, so no test page contacts another host (`npm run web`: STUN). */
  defaultIceServers?: IceServerConfig[];
  /** Each profile hosts its own signaling server through core/embedded-hosting.ts, as the app does. */
  hosting?: boolean;
  /** Host headers accepted besides this loopback host:port (the NAT lab's forwarded address). */
  allowedHosts?: string[];
  /** CA certificates (PEM) the TURN-over-TLS check trusts besides the system's (a test's CA). */
  tlsExtraCa?: string[];
  /** How the core resolves the servers' names (`servers:resolve`); real DNS when absent. */
  serverAddresses?: ServerAddressOptions;
}

export interface Harness {
  url: string;
  origin: string;
  token: string;
  signaling: RunningSignalingServer;
  dataDir: string;
  /** The URL for one person (profile): token and profile included. */
  pageUrl(profile?: string): string;
  /** The signaling server a profile hosts (with `hosting`), for tests that mint what the UI cannot (an expired invite). */
  hostingOf(profile: string): EmbeddedHosting | null;
  close(): Promise<void>;
}

async function bridgeScript(): Promise<string> {
  const result = await build({
    entryPoints: [join(here, 'bridge-client.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2022',
    minify: true,
  });
  return result.outputFiles[0]?.text ?? '';
}

/** Parses HARNESS_ICE_SERVERS (a JSON RTCIceServer list), for `npm run web` and Playwright. */
export function iceServersFromEnv(value: string | undefined): IceServerConfig[] | undefined {
  if (value === undefined || value === '') return undefined;
  return iceServerSchema.array().parse(JSON.parse(value));
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const rendererDir = resolve(options.rendererDir ?? join(here, '../../out/renderer'));
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'traverse-harness-')));
  const bridge = await bridgeScript();
  const indexHtml = (await readFile(join(rendererDir, 'index.html'), 'utf8')).replace(
    '<script type="module"',
    '<script src="/__harness/bridge.js"></script>\n    <script type="module"',
  );
  const profiles = new Map<string, Profile>();
  // One in-memory key per run: the vault files hold real ciphertext.
  const secretStorage = createAesSecretStorage(options.secretBackend);
  let origin = '';
  let hosts = new Set<string>();

  function profileFor(name: string): Profile {
    let profile = profiles.get(name);
    if (!profile) {
      profile = createProfile(name, {
        dataDir,
        origin: () => origin,
        token,
        secretStorage,
        defaultIceServers: options.defaultIceServers ?? [],
        ...(options.cloudflareApiBase ? { cloudflareApiBase: options.cloudflareApiBase } : {}),
        hosting: options.hosting ?? false,
        ...(options.tlsExtraCa ? { tlsExtraCa: options.tlsExtraCa } : {}),
        ...(options.serverAddresses ? { serverAddresses: options.serverAddresses } : {}),
      });
      profiles.set(name, profile);
    }
    return profile;
  }

  const send = (
    res: ServerResponse,
    status: number,
    type: string,
    body: string | Buffer,
    extra: Record<string, string> = {},
  ) => {
    res.writeHead(status, {
      'content-type': type,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...extra,
    });
    res.end(body);
  };

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/socket.io/')) return; // socket.io answers these
    // Every route: this loopback Host only, and the token (header, ?token= or the page's cookie).
    const guard = guardRequest(req, url, token, hosts);
    if (!guard.ok) return send(res, guard.status, MIME['.json']!, JSON.stringify({ ok: false, error: guard.error }));
    if (handleHttp(req, res, Date.now(), signaling.io)) return;
    if (url.pathname === '/__harness/bridge.js') return send(res, 200, MIME['.js']!, bridge);
    if (url.pathname === '/__harness/events' && req.method === 'GET') {
      // EventSource cannot send headers: the token and profile come in the query.
      const profileName = url.searchParams.get('profile') ?? 'default';
      if (!PROFILE.test(profileName)) {
        return send(res, 403, MIME['.json']!, JSON.stringify({ ok: false, error: 'forbidden' }));
      }
      const { streams, links } = profileFor(profileName);
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      res.write(': connected\n\n');
      streams.add(res);
      req.on('close', () => {
        streams.delete(res);
        // The page went away (reload, closed tab): links wait again until a page asks for them,
        // and, as main.ts does for its window, a waiting pick is refused and the display may sleep.
        if (streams.size === 0) {
          links.rendererGone();
          profileFor(profileName).desktop.pageGone();
        }
      });
      return;
    }
    if (url.pathname === '/__harness/desktop') {
      // What the desktop side recorded (GET), or a screen pick started as Electron would (POST).
      const profile = url.searchParams.get('profile') ?? 'default';
      if (!PROFILE.test(profile)) {
        return send(res, 403, MIME['.json']!, JSON.stringify({ ok: false, error: 'forbidden' }));
      }
      const { desktop } = profileFor(profile);
      if (req.method === 'POST') desktop.requestPick();
      return send(res, 200, MIME['.json']!, JSON.stringify({ ok: true, ...desktop.record() }));
    }
    if (url.pathname === '/__harness/open-link' && req.method === 'POST') {
      // What the OS does when someone clicks a traverse: link: the same parser and inbox as electron/main.ts.
      const profile = String(req.headers['x-traverse-profile'] ?? 'default');
      if (!PROFILE.test(profile)) {
        return send(res, 403, MIME['.json']!, JSON.stringify({ ok: false, error: 'forbidden' }));
      }
      let body: unknown;
      try {
        body = JSON.parse(await readBody(req, MAX_BODY));
      } catch {
        return send(res, 400, MIME['.json']!, JSON.stringify({ ok: false, error: 'Request body is not JSON' }));
      }
      const link =
        typeof body === 'object' && body !== null && 'url' in body && typeof body.url === 'string' ? body.url : null;
      if (link === null)
        return send(res, 400, MIME['.json']!, JSON.stringify({ ok: false, error: 'Expected {"url": "traverse:…"}' }));
      const outcome = profileFor(profile).links.receive(link, 'harness');
      return send(res, 200, MIME['.json']!, JSON.stringify({ ok: true, outcome }));
    }
    if (url.pathname.startsWith('/__harness/ipc/') && req.method === 'POST') {
      const profile = String(req.headers['x-traverse-profile'] ?? 'default');
      if (!PROFILE.test(profile)) {
        return send(res, 403, MIME['.json']!, JSON.stringify({ ok: false, error: 'forbidden' }));
      }
      let payload: unknown;
      try {
        payload = JSON.parse(await readBody(req, MAX_BODY));
      } catch {
        return send(res, 400, MIME['.json']!, JSON.stringify({ ok: false, error: 'Request body is not JSON' }));
      }
      const channel = decodeURIComponent(url.pathname.slice('/__harness/ipc/'.length));
      const result = await dispatch(profileFor(profile).handlers, channel, payload);
      return send(res, 200, MIME['.json']!, JSON.stringify(result));
    }
    // As electron/main.ts does: the page may also connect to the signaling server its profile is set to use.
    const page = url.searchParams.get('profile') ?? 'default';
    const signalingUrl = PROFILE.test(page) ? await profileFor(page).signalingUrl() : '';
    const csp = { 'content-security-policy': contentSecurityPolicy(signalingUrl) };
    if (url.pathname === '/' || url.pathname === '/index.html') {
      // The page's own later requests (scripts, /healthz, its signaling) carry the token in this cookie.
      const cookie = `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
      return send(res, 200, MIME['.html']!, indexHtml, { ...csp, 'set-cookie': cookie });
    }
    const file = resolve(rendererDir, `.${decodeURIComponent(url.pathname)}`);
    if (!file.startsWith(rendererDir + '/')) return send(res, 404, 'text/plain', 'not found');
    try {
      const body = await readFile(file);
      return send(res, 200, MIME[extname(file)] ?? 'application/octet-stream', body, csp);
    } catch {
      return send(res, 404, 'text/plain', 'not found');
    }
  }

  const http = createServer((req, res) => {
    onRequest(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain', error instanceof Error ? error.message : 'error');
    });
  });
  await new Promise<void>((done, fail) => {
    http.once('error', fail);
    http.listen(options.port ?? 0, '127.0.0.1', () => done());
  });
  const port = (http.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  hosts = loopbackHosts(port, options.allowedHosts);
  const signaling = await startSignalingServer({
    httpServer: http,
    // The harness's pages are the renderer here: their origin is the app's (and, in the NAT lab,
    // the forwarded address the homes load them from).
    allowedOrigins: [origin, ...(options.allowedHosts ?? []).map((host) => `http://${host}`)],
    ...(options.serverIce ? { ice: options.serverIce } : {}),
    ...(options.janus ? { janus: options.janus } : {}),
  });

  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    signaling,
    dataDir,
    pageUrl: (profile = 'default') => `${origin}/?token=${token}&profile=${encodeURIComponent(profile)}`,
    hostingOf: (profile) => profileFor(profile).hosting,
    close: async () => {
      for (const profile of profiles.values()) {
        profile.ice.stop();
        profile.network.stop();
        for (const stream of profile.streams) stream.end();
        await profile.hosting?.stop();
      }
      await signaling.close();
      // Pages may still hold keep-alive connections open; the harness is going away.
      http.closeAllConnections();
      await new Promise<void>((done) => http.close(() => done()));
    },
  };
}
