/**
 * A real Janus (Debian `janus`) for tests: a generated minimal configuration in a temporary
 * folder (the VideoRoom plugin and the WebSocket transport only, everything else disabled by
 * name), the WebSocket API on 127.0.0.1 at a random port, signed-token auth on, no Admin API,
 * and a VideoRoom admin_key. Ready once the WebSocket port accepts; `stop()` ends it with
 * SIGTERM and removes the folder. `startJanusWithFiles` runs a whole set of .jcfg files
 * (deploy/janus/'s, with ports substituted) the same way.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeTcpPort } from './ports';
import { spawnUntilLog } from './spawn-until-log';
import { waitForTcp } from './wait-for-tcp';

export const JANUS = '/usr/bin/janus';
export const JANUS_LIB = '/usr/lib/x86_64-linux-gnu/janus';
const KEEP = { plugins: 'libjanus_videoroom.so', transports: 'libjanus_websockets.so' } as const;

export function janusAvailable(): boolean {
  return existsSync(JANUS) && existsSync(join(JANUS_LIB, 'plugins', KEEP.plugins));
}

/** Every installed module of `kind` except the one we keep, as janus.jcfg's `disable` wants them. */
export function janusModulesToDisable(kind: 'plugins' | 'transports' | 'events' | 'loggers'): string {
  const keep: string = kind === 'plugins' || kind === 'transports' ? KEEP[kind] : '';
  return readdirSync(join(JANUS_LIB, kind))
    .filter((file) => file.endsWith('.so') && file !== keep)
    .sort()
    .join(',');
}

export interface JanusOptions {
  /** token_auth_secret; random when not given. */
  tokenSecret?: string;
  /** The VideoRoom plugin's admin_key; random when not given. */
  adminKey?: string;
  /** Seconds without a request before Janus ends a session (Janus's default is 60). */
  sessionTimeoutSeconds?: number;
  /** Reuse a port (to restart "the same" Janus). */
  port?: number;
  /**
   * Runs Janus inside this network namespace (the NAT lab's internet), on that namespace's loopback
   * at `port` or 8188 (a fresh namespace has every port free); ready once it logs its WebSocket server.
   */
  netns?: string;
}

export interface JanusServer {
  port: number;
  url: string;
  tokenSecret: string;
  adminKey: string;
  /** Everything Janus has logged so far. */
  log(): string;
  waitForLog(pattern: RegExp | string, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

/** The three files of a minimal Janus for tests. */
export function minimalJanusFiles(dir: string, port: number, o: Required<Omit<JanusOptions, 'port' | 'netns'>>) {
  // A private slice of RTP ports per Janus, so parallel suites do not collide.
  const rtpMin = 40000 + Math.floor(Math.random() * 200) * 100;
  return {
    'janus.jcfg': `general: {
  configs_folder = "${dir}"
  plugins_folder = "${JANUS_LIB}/plugins"
  transports_folder = "${JANUS_LIB}/transports"
  events_folder = "${JANUS_LIB}/events"
  loggers_folder = "${JANUS_LIB}/loggers"
  debug_level = 4
  debug_colors = false
  session_timeout = ${o.sessionTimeoutSeconds}
  token_auth = true
  token_auth_secret = "${o.tokenSecret}"
  hide_dependencies = true
}
media: { rtp_port_range = "${rtpMin}-${rtpMin + 99}" }
nat: { nice_debug = false }
plugins: { disable = "${janusModulesToDisable('plugins')}" }
transports: { disable = "${janusModulesToDisable('transports')}" }
loggers: { disable = "${janusModulesToDisable('loggers')}" }
events: { broadcast = false }
`,
    'janus.transport.websockets.jcfg': `general: {
  json = "compact"
  ws = true
  ws_port = ${port}
  ws_ip = "127.0.0.1"
  wss = false
}
admin: { admin_ws = false, admin_wss = false }
`,
    'janus.plugin.videoroom.jcfg': `general: { admin_key = "${o.adminKey}" }
`,
  };
}

/**
 * Runs Janus with `files` (name -> text) written to a fresh folder; ready once `port` accepts TCP,
 * or (inside `netns`, whose loopback a probe from here cannot reach) once Janus says it listens.
 */
export async function startJanusWithFiles(files: Record<string, string>, dir: string, port: number, netns?: string) {
  if (!janusAvailable()) throw new Error(`${JANUS} not found: install Debian's janus (apt-get install janus)`);
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text, { mode: 0o600 });
  const args = ['-F', dir, '-C', join(dir, 'janus.jcfg'), '--disable-colors'];
  // `ip netns exec` execs Janus in place, so the child's pid is Janus's and signals reach it.
  const [command, commandArgs] = netns ? ['ip', ['netns', 'exec', netns, JANUS, ...args]] : [JANUS, args];
  try {
    const janus = await spawnUntilLog(command, commandArgs, {
      name: 'janus',
      // Janus lifts its core-dump limit; a crash dumps into the folder stop() removes, not the repository.
      cwd: dir,
      until: netns
        ? new RegExp(`Websockets server started \\(port ${port}\\)`)
        : () => waitForTcp('Janus', '127.0.0.1', port, 20_000),
      timeoutMs: 20_000,
      killAfterMs: 5_000,
    });
    return {
      log: janus.log,
      waitForLog: janus.waitForLog,
      stop: async () => {
        await janus.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

export const janusTempDir = () => mkdtemp(join(tmpdir(), 'traverse-janus-'));

export async function startJanus(options: JanusOptions = {}): Promise<JanusServer> {
  const port = options.port ?? (options.netns ? 8188 : await freeTcpPort());
  const settings = {
    tokenSecret: options.tokenSecret ?? randomBytes(24).toString('hex'),
    adminKey: options.adminKey ?? randomBytes(24).toString('hex'),
    sessionTimeoutSeconds: options.sessionTimeoutSeconds ?? 60,
  };
  const dir = await janusTempDir();
  const janus = await startJanusWithFiles(minimalJanusFiles(dir, port, settings), dir, port, options.netns);
  return { port, url: `ws://127.0.0.1:${port}`, ...settings, ...janus };
}
