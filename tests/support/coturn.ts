/**
 * A real coturn (Debian `turnserver`) on loopback for tests: random ports,
 * TURN REST shared-secret auth (`use-auth-secret`), loopback peers allowed,
 * log captured so tests can check allocations. Stopped by `stop()`. The NAT
 * lab starts it inside a network namespace on a lab address instead.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freeTcpUdpPort } from './ports';
import { udpBindingAnswers } from './udp-binding';
import { spawnUntilLog } from './spawn-until-log';
import { waitForTcp } from './wait-for-tcp';

export const TURNSERVER = '/usr/bin/turnserver';

export interface Coturn {
  port: number;
  /** The TLS port when started with `tls`, else null. */
  tlsPort: number | null;
  secret: string;
  realm: string;
  /** The first of the relay ports it allocates from (pass it as `minPort` to restart on the same ports). */
  minPort: number;
  /** Everything coturn has logged so far. */
  log(): string;
  /** Resolves when the log has a line matching `pattern`. */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** SIGTERM by default; SIGKILL for a crash (no goodbye to anyone). Resolves once it has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface CoturnOptions {
  secret?: string;
  realm?: string;
  /** A certificate and key for `turns:` (self-signed is fine for tests). */
  tls?: { cert: string; key: string };
  /** Extra command-line flags. */
  extra?: string[];
  /** Reuse ports (to restart "the same" server). */
  port?: number;
  /** Reuse the relay port range too (`minPort` of the server being restarted). */
  minPort?: number;
  /** The address coturn listens on; 127.0.0.1 by default. */
  listeningIp?: string;
  /** The address relayed candidates get; the listening address by default. */
  relayIp?: string;
  /**
   * How many relay ports (one per allocation) the server has; 100 by default. Chromium keeps an
   * ICE restart's old allocations until their ports time out (about 30 s), so restarts back to
   * back need more.
   */
  relayPorts?: number;
  /**
   * A network namespace (`ip netns`) to run in. This process cannot connect
   * into it, so readiness is read from coturn's log instead of a TCP probe.
   */
  netns?: string;
  /** Loopback peers are what loopback tests relay to; a lab with real addresses has none. Default true. */
  allowLoopbackPeers?: boolean;
}

export function coturnAvailable(): boolean {
  return existsSync(TURNSERVER);
}

/**
 * Ready for TURN on both transports: accepts TCP, and answers a STUN Binding over UDP. The port was
 * free when picked, but another process (a browser's ICE socket, in a parallel suite) can bind its
 * UDP side before coturn does; coturn then serves TCP alone, and every UDP allocation times out.
 */
async function servesBoth(host: string, port: number): Promise<void> {
  await waitForTcp('coturn', host, port, 15_000);
  if (!(await udpBindingAnswers(host, port, 3_000)))
    throw new Error(
      `coturn accepts TCP on ${host}:${port} but does not answer STUN over UDP there (the UDP port is taken)`,
    );
}

/** Starts a server on freshly picked ports, again on new ones if its UDP port turned out to be taken (see servesBoth). */
export async function onFreshPorts<T>(start: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await start();
    } catch (error) {
      if (attempt >= attempts || !String(error).includes('does not answer STUN over UDP')) throw error;
    }
  }
}

export async function startCoturn(options: CoturnOptions = {}): Promise<Coturn> {
  // Ports the caller chose (a restart of "the same" server) are not swapped for others.
  return options.port !== undefined || options.netns
    ? startCoturnOnce(options)
    : onFreshPorts(() => startCoturnOnce(options));
}

async function startCoturnOnce(options: CoturnOptions): Promise<Coturn> {
  if (!coturnAvailable()) throw new Error(`${TURNSERVER} not found: install Debian's coturn (apt-get install coturn)`);
  // Inside a fresh namespace every port is free; the loopback probe would ask the wrong stack.
  const port = options.port ?? (options.netns ? 3478 : await freeTcpUdpPort());
  const tlsPort = options.tls ? (options.netns ? 5349 : await freeTcpUdpPort()) : null;
  const listeningIp = options.listeningIp ?? '127.0.0.1';
  const relayIp = options.relayIp ?? listeningIp;
  const secret = options.secret ?? `test-secret-${Math.random().toString(36).slice(2)}`;
  const realm = options.realm ?? 'traverse.test';
  // A private slice of the relay range per server, so parallel suites do not collide.
  const relayPorts = options.relayPorts ?? 100;
  const minPort = options.minPort ?? 20000 + Math.floor(Math.random() * ((40000 - relayPorts) / 100)) * 100;
  const args = [
    '-n',
    `--listening-ip=${listeningIp}`,
    `--relay-ip=${relayIp}`,
    `--listening-port=${port}`,
    `--min-port=${minPort}`,
    `--max-port=${minPort + relayPorts - 1}`,
    '--use-auth-secret',
    `--static-auth-secret=${secret}`,
    `--realm=${realm}`,
    ...(options.allowLoopbackPeers === false ? [] : ['--allow-loopback-peers']),
    '--no-multicast-peers',
    '--no-cli',
    '--fingerprint',
    '--log-file=stdout',
    '--simple-log',
    '--verbose',
    ...(options.tls
      ? [`--tls-listening-port=${tlsPort}`, `--cert=${options.tls.cert}`, `--pkey=${options.tls.key}`, '--no-dtls']
      : ['--no-tls', '--no-dtls']),
    ...(options.extra ?? []),
  ];
  // `ip netns exec` execs turnserver in place, so the child's pid is coturn's and signals reach it.
  const [command, commandArgs] = options.netns
    ? ['ip', ['netns', 'exec', options.netns, TURNSERVER, ...args]]
    : [TURNSERVER, args];
  const listening = new RegExp(`TCP listener opened on : ${listeningIp.replace(/\./g, '\\.')}:${port}\\b`);
  const turnserver = await spawnUntilLog(command, commandArgs, {
    name: 'turnserver',
    until: options.netns ? listening : () => servesBoth(listeningIp, port),
    timeoutMs: 15_000,
    killAfterMs: 3_000,
  });
  return {
    port,
    tlsPort,
    secret,
    realm,
    minPort,
    log: turnserver.log,
    waitForLog: turnserver.waitForLog,
    stop: (signal) => turnserver.stop(signal),
  };
}

/** The installed coturn's version as `[major, minor, patch]` (`turnserver --version` prints e.g. "4.6.1"). */
export async function coturnVersion(): Promise<[number, number, number]> {
  const { stdout } = await promisify(execFile)(TURNSERVER, ['--version'], { timeout: 10_000 });
  const match = /^(\d+)\.(\d+)\.(\d+)/m.exec(stdout.trim());
  if (!match) throw new Error(`Cannot read coturn's version from "${stdout.trim()}"`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

export const versionAtLeast = (version: readonly number[], minimum: readonly number[]): boolean => {
  for (let i = 0; i < minimum.length; i += 1)
    if ((version[i] ?? 0) !== minimum[i]) return (version[i] ?? 0) > minimum[i]!;
  return true;
};

export interface ConfiguredCoturn {
  log(): string;
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

/**
 * coturn started with a whole configuration file (`turnserver -c`), as an
 * operator runs it: `config` is the file's text, written to a temporary
 * directory that `stop()` removes, with a `pidfile` line added pointing there
 * (not /var/run). Ready once it accepts TCP on `probe`.
 */
export async function startCoturnWithConfig(
  config: string,
  probe: { host: string; port: number },
): Promise<ConfiguredCoturn> {
  if (!coturnAvailable()) throw new Error(`${TURNSERVER} not found: install Debian's coturn (apt-get install coturn)`);
  const dir = await mkdtemp(join(tmpdir(), 'traverse-coturn-'));
  const file = join(dir, 'turnserver.conf');
  await writeFile(file, `${config}\npidfile=${join(dir, 'turnserver.pid')}\n`, { mode: 0o600 });
  try {
    const turnserver = await spawnUntilLog(TURNSERVER, ['-c', file], {
      name: 'turnserver',
      until: () => servesBoth(probe.host, probe.port),
      timeoutMs: 15_000,
      killAfterMs: 3_000,
    });
    return {
      log: turnserver.log,
      waitForLog: turnserver.waitForLog,
      stop: async () => {
        await turnserver.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Runs coturn's test client: allocate, send, receive, through the relay. */
export function uclient(
  port: number,
  username: string,
  password: string,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('/usr/bin/turnutils_uclient', [
      '-p',
      String(port),
      '-u',
      username,
      '-w',
      password,
      '-y',
      '-n',
      '3',
      '-m',
      '1',
      '-l',
      '64',
      '127.0.0.1',
    ]);
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}
