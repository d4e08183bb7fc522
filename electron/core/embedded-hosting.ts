/**
 * The signaling server this app hosts, safe by default: running only while no
 * signaling URL is set, on 127.0.0.1 (only this computer) unless the person
 * turned on "Host calls on this network"; then on every interface and
 * admitting only people with an invite. The invite secret is made here, kept
 * in the vault and never leaves the main process: invites made from it do.
 * Electron, the server and the network come in as ports, so this runs in Node.
 */
import type { Settings } from '../../shared/config';
import { HOSTING_SECRET_NAME } from '../../shared/ipc';
import { createInvite, inviteKey, MIN_SECRET_LENGTH } from '../../shared/invite';
import { roomNameSchema } from '../../shared/signaling';
import type { Vault } from './vault';
import { errorMessage } from '../../shared/error-message';

export interface EmbeddedStartOptions {
  /** 127.0.0.1 (this computer) or 0.0.0.0 (the network). */
  host: '127.0.0.1' | '0.0.0.0';
  port?: number;
  /** Invites required when set. */
  authSecret?: string;
  /** The app's own origin, the one page that may connect. */
  appOrigin?: string;
}

export interface EmbeddedServerHandle {
  port: number;
  close(): Promise<void>;
}

export interface EmbeddedHostingPorts {
  start(options: EmbeddedStartOptions): Promise<EmbeddedServerHandle>;
  vault: Pick<Vault, 'get' | 'set'>;
  /** This machine's address on the network (core/lan-address.ts), or null when it has none. */
  lanAddress(): string | null;
  appOrigin?: string;
  log(message: string): void;
}

/** Who can reach the server this app hosts: nobody (not running), this computer, or the network with invites. */
export type HostingReach = 'off' | 'computer' | 'network';

export interface HostingState {
  reach: HostingReach;
  port: number | null;
  /** Why hosting for the network was asked for but is not on, in words a person can act on. */
  problem: string | null;
}

export interface EmbeddedHosting {
  /** Starts, stops or restarts the server to match the settings; calls are queued, never overlapping. */
  follow(settings: Settings): Promise<void>;
  state(): HostingState;
  /** Resolves once every queued start, stop or restart is done (so `state()` says what is, not what was). */
  ready(): Promise<void>;
  port(): number | null;
  /** The URL this app's own window uses: loopback, whatever interface the server listens on; '' when off. */
  localUrl(): string;
  /** A `traverse:join?invite=…&server=…` link for `room`, valid `ttlSeconds` from `nowMs`. */
  mintInvite(room: string, ttlSeconds: number, nowMs?: number): Promise<string>;
  stop(): Promise<void>;
}

/** A fresh 256-bit secret, base64url: well above the server's minimum length. */
function newSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** The one place invites are made from the secret (sec-server's JWT invites replace createInvite). */
async function makeInvite(secret: string, room: string, ttlSeconds: number, nowMs: number): Promise<string> {
  return createInvite(await inviteKey(secret), room, ttlSeconds, nowMs);
}

/** The vault's invite secret, made and kept on first use (one kept too short for the server is replaced). */
async function keptInviteSecret(vault: EmbeddedHostingPorts['vault']): Promise<string> {
  const kept = await vault.get(HOSTING_SECRET_NAME);
  if (kept !== undefined && kept.length >= MIN_SECRET_LENGTH) return kept;
  const secret = newSecret();
  await vault.set(HOSTING_SECRET_NAME, secret);
  return secret;
}

/** Who the settings ask the server to reach: nobody while a signaling server is set. */
function wantedReach(settings: Settings): HostingReach {
  return settings.signalingUrl !== '' ? 'off' : settings.hostOnNetwork ? 'network' : 'computer';
}

/** A `traverse:join` link for `room` through the server at `address`:`port`, its invite made from `secret`. */
async function inviteLink(
  secret: string,
  server: { address: string; port: number },
  room: string,
  ttlSeconds: number,
  nowMs: number,
): Promise<string> {
  const invite = await makeInvite(secret, room, ttlSeconds, nowMs);
  const query = new URLSearchParams({ invite, server: `http://${server.address}:${server.port}` });
  return `traverse:join?${query.toString()}`;
}

/** Starts the server for `reach`, on `port` when it ran before (pages and links keep working), and logs where. */
async function startServer(
  ports: EmbeddedHostingPorts,
  reach: 'computer' | 'network',
  secret: string | null,
  port: number | undefined,
): Promise<EmbeddedServerHandle> {
  const server = await ports.start({
    host: reach === 'network' ? '0.0.0.0' : '127.0.0.1',
    ...(port !== undefined ? { port } : {}),
    ...(secret ? { authSecret: secret } : {}),
    ...(ports.appOrigin ? { appOrigin: ports.appOrigin } : {}),
  });
  ports.log(
    reach === 'network'
      ? `Embedded signaling server on the network, port ${server.port}: invites required`
      : `Embedded signaling server on 127.0.0.1:${server.port}: this computer only`,
  );
  return server;
}

const NOT_HOSTING_FOR_NETWORK =
  'Invite links are for calls this computer hosts for the network: turn on "Host calls on this network" in Settings (with no signaling server set), then copy the link again.';
const NO_NETWORK_ADDRESS =
  'This computer has no network address others can reach (no connected network interface). Connect to the network the others are on, then copy the link again.';

export function createEmbeddedHosting(ports: EmbeddedHostingPorts): EmbeddedHosting {
  let server: EmbeddedServerHandle | null = null;
  let current: { reach: HostingReach; secret: string | null } = { reach: 'off', secret: null };
  let problem: string | null = null;
  let lastPort: number | undefined;
  let queue = Promise.resolve();

  /** The vault's invite secret, made on first use; null (with `problem` set) when it cannot be kept safely. */
  async function inviteSecret(): Promise<string | null> {
    try {
      return await keptInviteSecret(ports.vault);
    } catch (error) {
      const reason = errorMessage(error);
      problem = `Calls are hosted for this computer only: hosting for the network needs its invite secret kept in secure storage, and ${reason}. Fix the secure storage, or use a signaling server in Settings.`;
      ports.log('Hosting for the network is off: the invite secret could not be kept in the vault');
      return null;
    }
  }

  async function apply(settings: Settings): Promise<void> {
    problem = null;
    const wanted = wantedReach(settings);
    const secret = wanted === 'network' ? await inviteSecret() : null;
    const reach: HostingReach = wanted === 'network' && secret === null ? 'computer' : wanted;
    if (server && reach === current.reach && secret === current.secret) return;
    if (server) {
      await server.close();
      server = null;
      ports.log('Embedded signaling server stopped');
    }
    current = { reach, secret };
    if (reach === 'off') return;
    try {
      server = await startServer(ports, reach, secret, lastPort);
    } catch (error) {
      current = { reach: 'off', secret: null };
      const reason = errorMessage(error);
      problem = `The signaling server built into Traverse could not start (${reason}). Restart Traverse, or set a signaling server in Settings.`;
      throw error;
    }
    lastPort = server.port;
  }

  return {
    follow(settings) {
      const next = queue.then(() => apply(settings));
      queue = next.catch(() => undefined);
      return next;
    },
    ready: () => queue,
    state: () => ({ reach: server ? current.reach : 'off', port: server?.port ?? null, problem }),
    port: () => server?.port ?? null,
    // Also while restarting (hosting switched on or off): the server comes back on the same port.
    localUrl: () => (current.reach !== 'off' && lastPort !== undefined ? `http://127.0.0.1:${lastPort}` : ''),
    async mintInvite(room, ttlSeconds, nowMs = Date.now()) {
      await queue;
      const name = roomNameSchema.parse(room);
      if (!server || current.reach !== 'network' || !current.secret) {
        throw new Error(NOT_HOSTING_FOR_NETWORK);
      }
      const address = ports.lanAddress();
      if (address === null) {
        throw new Error(NO_NETWORK_ADDRESS);
      }
      return inviteLink(current.secret, { address, port: server.port }, name, ttlSeconds, nowMs);
    },
    async stop() {
      await queue;
      const running = server;
      server = null;
      current = { reach: 'off', secret: null };
      await running?.close();
    },
  };
}
