/**
 * Browser commands (Vitest browser mode runs them in Node for the page) that
 * start, stop and restart a real coturn on loopback, so browser tests of the
 * call layer relay through a real TURN server and can cut its path mid-call.
 * One server per test file (files may run side by side), keyed by its path.
 */
import { createHmac } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import type { BrowserCommand } from 'vitest/node';
import { startCoturn, type Coturn } from './coturn';

/** What a page needs to use the server: one RTCIceServer with TURN REST credentials. */
export interface BrowserTurn {
  urls: string;
  username: string;
  credential: string;
}

const servers = new Map<string, Coturn>();
const key = (testPath: string | undefined) => testPath ?? '';

/** Credentials valid for `ttlSeconds` from now (TURN REST: the expiry is in the username, coturn checks it). */
function iceServer(server: Coturn, ttlSeconds = 3_600): BrowserTurn {
  const username = `${Math.floor(Date.now() / 1000) + ttlSeconds}:browser-test`;
  const credential = createHmac('sha1', server.secret).update(username).digest('base64');
  return { urls: `turn:127.0.0.1:${server.port}?transport=udp`, username, credential };
}

/**
 * This machine's own IPv4 address on its network interface (not loopback). Janus (libnice) gathers
 * no loopback candidate, and a relay from 127.0.0.1 never connected to it (Janus logged the checks
 * as prflx; no answer reached the browser), so a relay towards Janus relays from this address;
 * the packets still never leave this machine.
 */
export function ownAddress(): string {
  const found = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal);
  if (!found) throw new Error('this machine has no IPv4 address besides loopback, which a relay to Janus needs');
  return found.address;
}

/**
 * `relayFrom: 'own-address'`: relayed candidates on ownAddress() instead of 127.0.0.1 (listening stays on loopback).
 * `relayPorts`: how many allocations the server can hold at once (coturn.ts; 100 by default).
 */
const startTurn: BrowserCommand<[relayFrom?: 'own-address' | null, relayPorts?: number]> = async (
  { testPath },
  relayFrom,
  relayPorts,
) => {
  const options = { ...(relayFrom ? { relayIp: ownAddress() } : {}), ...(relayPorts ? { relayPorts } : {}) };
  const turn = servers.get(key(testPath)) ?? (await startCoturn(options));
  servers.set(key(testPath), turn);
  return iceServer(turn);
};

/** Kills the server: every allocation (and so every relayed path) through it dies. */
const stopTurn: BrowserCommand = async ({ testPath }) => {
  await servers.get(key(testPath))?.stop();
};

/** The same server again (same port and secret): credentials minted before still work. */
const restartTurn: BrowserCommand = async ({ testPath }) => {
  const old = servers.get(key(testPath));
  if (!old) throw new Error('restartTurn before startTurn');
  const turn = await startCoturn({ port: old.port, secret: old.secret });
  servers.set(key(testPath), turn);
  return iceServer(turn);
};

/** Fresh credentials for the running server, valid for `ttlSeconds` (as the main process mints them on refresh). */
const freshTurn: BrowserCommand<[ttlSeconds: number]> = ({ testPath }, ttlSeconds) => {
  const server = servers.get(key(testPath));
  if (!server) return Promise.reject(new Error('freshTurn before startTurn'));
  return Promise.resolve(iceServer(server, ttlSeconds));
};

const closeTurn: BrowserCommand = async ({ testPath }) => {
  await servers.get(key(testPath))?.stop();
  servers.delete(key(testPath));
};

/** coturn's log so far (for a test that failed to say why). */
const turnLog: BrowserCommand = ({ testPath }) => Promise.resolve(servers.get(key(testPath))?.log() ?? '');

export const turnCommands = { startTurn, stopTurn, restartTurn, freshTurn, closeTurn, turnLog };
