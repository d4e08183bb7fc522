/**
 * Debian's nginx (`/usr/sbin/nginx`) for tests, serving deploy/nginx/traverse.conf
 * as an operator installs it, with only what must differ on a test machine
 * substituted: loopback listen ports chosen here, the backends' ports, and a
 * throwaway certificate. It runs in the foreground from a temporary prefix
 * directory (its own pid file and temp paths, error log to our pipe), and
 * `stop()` ends it and removes the directory.
 */
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeTcpPort } from './ports';
import { spawnUntilLog } from './spawn-until-log';
import { waitForTcp } from './wait-for-tcp';

export const NGINX = '/usr/sbin/nginx';
export const DEPLOY_SITE = new URL('../../deploy/nginx/traverse.conf', import.meta.url);

export interface Nginx {
  /** https://127.0.0.1:<port>, the site's TLS listener. */
  url: string;
  /** Everything nginx has logged (its error log) so far. */
  log(): string;
  stop(): Promise<void>;
}

export interface DeploySiteOptions {
  /** The signaling processes' ports, in the order of the site's `server 127.0.0.1:…` lines. */
  backends: [number, number];
  cert: { cert: string; key: string };
}

/** Replaces `pattern` (which must match exactly `count` times, so a changed site fails loudly) with `by`. */
function replaceExactly(text: string, pattern: RegExp, by: string, count = 1): string {
  const found = text.match(new RegExp(pattern.source, 'gm'))?.length ?? 0;
  if (found !== count)
    throw new Error(`deploy/nginx/traverse.conf: expected ${count} match(es) of ${pattern}, found ${found}`);
  return text.replace(new RegExp(pattern.source, 'gm'), by);
}

/** The deploy site with test ports, backends and certificate: nothing else changes. */
export function renderDeploySite(
  site: string,
  ports: { http: number; https: number },
  options: DeploySiteOptions,
): string {
  let text = site;
  text = replaceExactly(text, /^(\s*)listen \[::\]:(80|443)( ssl)?;\n/, '', 2); // loopback IPv4 only
  text = replaceExactly(text, /^(\s*)listen 80;/, `$1listen 127.0.0.1:${ports.http};`);
  text = replaceExactly(text, /^(\s*)listen 443 ssl;/, `$1listen 127.0.0.1:${ports.https} ssl;`);
  const [first, second] = options.backends;
  text = replaceExactly(text, /^(\s*)server 127\.0\.0\.1:4456 /, `$1server 127.0.0.1:${first} `);
  text = replaceExactly(text, /^(\s*)server 127\.0\.0\.1:4457 /, `$1server 127.0.0.1:${second} `);
  text = replaceExactly(text, /^(\s*)ssl_certificate\s+\S+;/, `$1ssl_certificate ${options.cert.cert};`);
  text = replaceExactly(text, /^(\s*)ssl_certificate_key\s+\S+;/, `$1ssl_certificate_key ${options.cert.key};`);
  return text;
}

/** Starts nginx with deploy/nginx/traverse.conf in front of `backends`, on fresh loopback ports. */
export async function startDeploySite(options: DeploySiteOptions): Promise<Nginx> {
  if (!existsSync(NGINX)) throw new Error(`${NGINX} not found: install Debian's nginx (apt-get install nginx)`);
  const ports = { http: await freeTcpPort(), https: await freeTcpPort() };
  const prefix = await mkdtemp(join(tmpdir(), 'traverse-nginx-'));
  // Run as root, nginx's workers drop to nobody: they must reach the temp paths under the prefix.
  await chmod(prefix, 0o755);
  await mkdir(join(prefix, 'temp'));
  const site = renderDeploySite(await readFile(DEPLOY_SITE, 'utf8'), ports, options);
  await writeFile(join(prefix, 'traverse.conf'), site);
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
    (kind) => `  ${kind}_temp_path ${join(prefix, 'temp', kind)};`,
  );
  // The stand-in for Debian's /etc/nginx/nginx.conf: only what any nginx.conf has around a site.
  const main = [
    'worker_processes 1;',
    `pid ${join(prefix, 'nginx.pid')};`,
    'error_log stderr notice;',
    'events { worker_connections 512; }',
    'http {',
    '  access_log off;',
    ...temp,
    `  include ${join(prefix, 'traverse.conf')};`,
    '}',
  ].join('\n');
  await writeFile(join(prefix, 'nginx.conf'), `${main}\n`);
  try {
    const nginx = await spawnUntilLog(
      NGINX,
      ['-p', prefix, '-e', 'stderr', '-c', join(prefix, 'nginx.conf'), '-g', 'daemon off;'],
      {
        name: 'nginx',
        until: () => waitForTcp('nginx', '127.0.0.1', ports.https, 15_000),
        timeoutMs: 15_000,
        killAfterMs: 5_000,
      },
    );
    return {
      url: `https://127.0.0.1:${ports.https}`,
      log: nginx.log,
      stop: async () => {
        await nginx.stop('SIGTERM');
        await rm(prefix, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(prefix, { recursive: true, force: true });
    throw error;
  }
}
