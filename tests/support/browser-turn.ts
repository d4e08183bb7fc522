/**
 * Browser commands (Vitest browser mode runs them in Node for the page) that
 * start, stop and restart a real coturn on loopback, so browser tests of the
 * call layer relay through a real TURN server and can cut its path mid-call.
 * One server at a time; test files run one after another in the page.
 */
import { createHmac } from 'node:crypto';
import type { BrowserCommand } from 'vitest/node';
import { startCoturn, type Coturn } from './coturn';

/** What a page needs to use the server: one RTCIceServer with TURN REST credentials. */
export interface BrowserTurn {
  urls: string;
  username: string;
  credential: string;
}

let turn: Coturn | null = null;

function iceServer(server: Coturn): BrowserTurn {
  const username = `${Math.floor(Date.now() / 1000) + 3_600}:browser-test`;
  const credential = createHmac('sha1', server.secret).update(username).digest('base64');
  return { urls: `turn:127.0.0.1:${server.port}?transport=udp`, username, credential };
}

const startTurn: BrowserCommand = async () => {
  turn ??= await startCoturn();
  return iceServer(turn);
};

/** Kills the server: every allocation (and so every relayed path) through it dies. */
const stopTurn: BrowserCommand = async () => {
  await turn?.stop();
};

/** The same server again (same port and secret): credentials minted before still work. */
const restartTurn: BrowserCommand = async () => {
  if (!turn) throw new Error('restartTurn before startTurn');
  const { port, secret } = turn;
  turn = await startCoturn({ port, secret });
  return iceServer(turn);
};

const closeTurn: BrowserCommand = async () => {
  await turn?.stop();
  turn = null;
};

export const turnCommands = { startTurn, stopTurn, restartTurn, closeTurn };
