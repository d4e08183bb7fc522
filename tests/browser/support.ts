/**
 * What the browser tests of the call layer share: local media that is stopped
 * after each test, two PeerLinks wired to each other (optionally holding their
 * messages, to force glare), people in a mesh Room over the in-memory hub, people
 * in a whole Call (callers.ts, exported here too), and the real coturn the tests
 * relay through (browser commands, run in Node).
 */
import { afterEach } from 'vitest';
import { commands } from 'vitest/browser';
import type { PeerDiagnostics, TimelineKind } from '../../shared/diagnostics';
import type { SignalData } from '../../shared/signaling';
import { snapshot } from '../../shared/stats';
import type { LinkState, MediaLink } from '../../renderer/src/call/link';
import { PeerLink, type RecoveryTimings } from '../../renderer/src/call/peer-link';
import { Room, type RoomEvents } from '../../renderer/src/call/room';
import { StatsPoller } from '../../renderer/src/diagnostics/stats-poller';
import { until } from './leak-watch';
import type { Hub } from './memory-hub';

export { until };
export { caller, endCalls, FakeIce, iceConfig, type Caller } from './callers';

/** A TURN server as the page gets it (tests/support/browser-turn.ts). */
export interface BrowserTurn {
  urls: string;
  username: string;
  credential: string;
}

declare module 'vitest/browser' {
  interface BrowserCommands {
    startTurn(relayFrom?: 'own-address' | null, relayPorts?: number): Promise<BrowserTurn>;
    turnLog(): Promise<string>;
    stopTurn(): Promise<void>;
    restartTurn(): Promise<BrowserTurn>;
    freshTurn(ttlSeconds: number): Promise<BrowserTurn>;
    closeTurn(): Promise<void>;
  }
}

export const turn = commands;

const streams: MediaStream[] = [];
const links: PeerLink[] = [];
const rooms: { room: Room; poller: StatsPoller }[] = [];

afterEach(async () => {
  for (const link of links.splice(0)) link.close();
  await Promise.all(rooms.splice(0).map(({ room, poller }) => (poller.stop(), room.close())));
  for (const stream of streams.splice(0)) for (const track of stream.getTracks()) track.stop();
});

/** Fake camera and microphone (Chromium's flags), stopped after the test. */
export async function media(width = 160, height = 120): Promise<MediaStream> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width, height } });
  streams.push(stream);
  return stream;
}

/** Video frames decoded so far on a link, from its own stats. */
export async function framesDecoded(link: MediaLink): Promise<number> {
  return snapshot(await link.stats()).video.framesDecoded;
}

export const offers = (data: SignalData[]) =>
  data.filter((d) => 'description' in d && d.description.type === 'offer').length;
export const answers = (data: SignalData[]) =>
  data.filter((d) => 'description' in d && d.description.type === 'answer').length;

/** What one side of a link pair saw. */
export interface Side {
  link: PeerLink;
  sent: SignalData[];
  states: LinkState[];
  /** The last value of each timeline kind (e.g. 'signaling': 'stable'). */
  last: Partial<Record<TimelineKind, string>>;
  lost: boolean[];
}

export interface PairOptions {
  aInitiator?: boolean;
  bInitiator?: boolean;
  /** Hold messages from the start until release(). */
  hold?: boolean;
  configuration?: RTCConfiguration;
  /** B's configuration; by default A's with no servers and policy 'all'. */
  configurationB?: RTCConfiguration;
  recovery?: RecoveryTimings;
}

/** Two PeerLinks in one page, each the other's signaling; A is impolite, B polite. */
export async function linkPair(options: PairOptions = {}) {
  const held: Array<() => void> = [];
  let holding = options.hold ?? false;
  const deliver = (fn: () => void) => (holding ? held.push(fn) : queueMicrotask(fn));
  const errors: Error[] = [];
  const configuration = options.configuration ?? {};
  const [sa, sb] = await Promise.all([media(320, 240), media(320, 240)]);
  const sides: Record<'a' | 'b', Side> = {} as Record<'a' | 'b', Side>;
  const make = (name: 'a' | 'b', other: 'a' | 'b', init: Omit<ConstructorParameters<typeof PeerLink>[0], 'send'>) => {
    const side: Omit<Side, 'link'> = { sent: [], states: [], last: {}, lost: [] };
    const link = new PeerLink({
      ...init,
      send: (data) => {
        side.sent.push(data);
        deliver(() => void sides[other].link.handle(data));
      },
      onState: (s) => side.states.push(s),
      onEvent: (kind, value) => (side.last[kind] = value),
      onError: (e) => errors.push(e),
      onLost: (neverConnected) => side.lost.push(neverConnected),
    });
    links.push(link);
    sides[name] = Object.assign(side, { link });
  };
  make('a', 'b', {
    remoteId: 'b',
    polite: false,
    initiator: options.aInitiator ?? true,
    configuration,
    localStream: sa,
    ...(options.recovery ? { recovery: options.recovery } : {}),
  });
  make('b', 'a', {
    remoteId: 'a',
    polite: true,
    initiator: options.bInitiator ?? false,
    configuration: options.configurationB ?? { ...configuration, iceTransportPolicy: 'all', iceServers: [] },
    localStream: sb,
  });
  sides.a.link.connect();
  sides.b.link.connect();
  return {
    a: sides.a,
    b: sides.b,
    errors,
    hold() {
      holding = true;
    },
    release() {
      holding = false;
      for (const fn of held.splice(0)) fn();
    },
    /** Both connected and no offer/answer exchange under way. */
    settled: () => [sides.a, sides.b].every((s) => s.link.state === 'connected' && s.last.signaling === 'stable'),
  };
}

/** One person in a mesh Room over the hub, with a stats poller as the Call runs one. */
export interface Person {
  name: string;
  room: Room;
  poller: StatsPoller;
  links: Map<string, LinkState>;
  diagnostics: Record<string, PeerDiagnostics>;
  remote: Map<string, MediaStream>;
  refused: (string | null)[];
  problems: string[];
}

export interface PersonOptions {
  recovery?: RecoveryTimings;
  switchTimeoutMs?: number;
  freshConfiguration?: () => Promise<Readonly<RTCConfiguration> | null>;
}

export async function person(
  hub: Hub,
  name: string,
  configuration: RTCConfiguration = {},
  options: PersonOptions = {},
): Promise<Person> {
  const stream = await media();
  const p: Omit<Person, 'room' | 'poller'> = {
    name,
    links: new Map(),
    diagnostics: {},
    remote: new Map(),
    refused: [],
    problems: [],
  };
  const events: RoomEvents = {
    signaling: () => undefined,
    peerAdded: () => undefined,
    peerRemoved: (id) => p.links.delete(id),
    linkState: (id, state) => p.links.set(id, state),
    remoteStream: (id, s) => p.remote.set(id, s),
    diagnostics: (id, data) => (p.diagnostics[id] = data),
    problem: (message) => p.problems.push(message),
    relayRefused: (message) => p.refused.push(message),
  };
  const room = new Room({
    signalingUrl: 'memory:',
    configuration,
    localStream: stream,
    events,
    recovery: { gatherTimeoutMs: 1_500, ...options.recovery },
    connect: hub.connect,
    ...(options.switchTimeoutMs ? { switchTimeoutMs: options.switchTimeoutMs } : {}),
    ...(options.freshConfiguration ? { freshConfiguration: options.freshConfiguration } : {}),
  });
  const poller = new StatsPoller(room, 250);
  rooms.push({ room, poller });
  return Object.assign(p, { room, poller });
}

/** Joins everyone in order and starts their stats polls. */
export async function joinAll(...people: Person[]): Promise<void> {
  for (const p of people) {
    await p.room.connect('r', p.name);
    p.poller.start();
  }
}

/** Ends a person's part now (poll and room), so what is left over can be counted. */
export async function leave(...people: Person[]): Promise<void> {
  for (const p of people) {
    const i = rooms.findIndex((r) => r.room === p.room);
    if (i >= 0) rooms.splice(i, 1);
    p.poller.stop();
  }
  await Promise.all(people.map((p) => p.room.close()));
}
