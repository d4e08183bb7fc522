/**
 * People in a whole Call on Janus for browser tests: each joins through our signaling server with a
 * real Call (SfuLinks once the join's answer says 'sfu'), and what the call tells them is kept:
 * who is there, their streams, diagnostics, problems, media states and link states.
 */
import type { LinkState, PeerDiagnostics } from '../../shared/diagnostics';
import type { MediaState } from '../../shared/signaling';
import { Call } from '../../renderer/src/call/call';
import type { RoomEvents } from '../../renderer/src/call/room';
import { UPLINK_ID } from '../../renderer/src/call/sfu/sfu-links';
import { SignalingClient } from '../../renderer/src/signaling/socket-signaling';
import { commands } from 'vitest/browser';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { FakeIce, turn, type BrowserTurn } from './support';

declare module 'vitest/browser' {
  interface BrowserCommands {
    /** Our signaling server on this file's Janus (tests/support/browser-janus.ts). */
    sfuSignaling(origin: string, meshMax: number, tokenTtlSeconds?: number): Promise<string>;
    restartJanus(): Promise<void>;
  }
}

export interface SfuPerson {
  call: Call;
  names: Map<string, string>;
  streams: Map<string, MediaStream>;
  diagnostics: Record<string, PeerDiagnostics>;
  problems: string[];
  /** What the call told that asks nothing of anyone (the call moved, Janus is back). */
  news: string[];
  /** Each person's media state as this one heard it. */
  heard: Map<string, MediaState>;
  /** Each person's link states, in order, as their tile would show them. */
  states: Map<string, LinkState[]>;
  /** Everyone the call said left, in order. */
  removed: string[];
  /** Each person's screen share as the call gives it (null: it ended). */
  screens: Map<string, MediaStream | null>;
  /** Told when a person's stream is replaced (a tile would play the new one). */
  onStream?: (id: string, stream: MediaStream) => void;
}

export interface SfuJoin {
  /** Our signaling server's URL. */
  url: string;
  /** The TURN server everyone is given. */
  relay: RTCIceServer;
  /** Everyone joined, to leave after each test. */
  people: SfuPerson[];
}

export interface SfuJoinOptions {
  /** The camera's picture (default 160x120, small enough for many people on two cores). */
  video?: { width: number; height: number };
  /** Each person's tile height on screen (default: none, Janus forwards its default layer). */
  tileHeight?: (id: string) => number | null;
  /** What the person sends (default: the fake camera at `video` and the fake microphone). */
  localStream?: MediaStream;
  /** Their TURN server instead of the file's (one that does not answer, say). */
  relay?: RTCIceServer;
  /** How long a Relay only republish may take (default: the app's). */
  switchTimeoutMs?: number;
}

export async function joinSfuCall(
  at: SfuJoin,
  room: string,
  name: string,
  relayOnly = false,
  options: SfuJoinOptions = {},
): Promise<SfuPerson> {
  const { url, relay, people } = at;
  const video = options.video ?? { width: 160, height: 120 };
  const localStream = options.localStream ?? (await navigator.mediaDevices.getUserMedia({ audio: true, video }));
  const p: Omit<SfuPerson, 'call'> = {
    ...{ names: new Map(), streams: new Map(), diagnostics: {}, problems: [], heard: new Map(), states: new Map() },
    removed: [],
    news: [],
    screens: new Map(),
  };
  const events: RoomEvents = {
    signaling: () => undefined,
    peerAdded: (peer) => p.names.set(peer.id, peer.name),
    peerRemoved: (id) => {
      p.names.delete(id);
      p.removed.push(id);
    },
    linkState: (id, state) => p.states.set(id, [...(p.states.get(id) ?? []), state]),
    remoteScreen: (id, stream) => p.screens.set(id, stream),
    remoteStream: (id, stream) => {
      p.streams.set(id, stream);
      p.onStream?.(id, stream);
    },
    diagnostics: (id, data) => (p.diagnostics[id] = data),
    problem: (message) => p.problems.push(message),
    news: (message) => p.news.push(message),
    relayRefused: (message) => message && p.problems.push(message),
  };
  const ice = new FakeIce({ iceServers: [options.relay ?? relay], expiresAt: null, source: 'test', error: null });
  const call = new Call({
    signalingUrl: url,
    invite: null,
    localStream,
    events,
    connect: (u, _invite, signalingEvents) => new SignalingClient(u, signalingEvents, () => null),
    ice,
    isRelayed: () => false,
    timings: { statsIntervalMs: 250, ...(options.switchTimeoutMs ? { switchTimeoutMs: options.switchTimeoutMs } : {}) },
    ...(options.tileHeight ? { tileHeight: options.tileHeight } : {}),
    media: {
      initial: { muted: false, cameraOff: false },
      events: {
        ...{ sharing: () => undefined, localTrack: () => undefined, devicesChanged: () => undefined },
        peerMedia: (id, state) => p.heard.set(id, state),
        notice: (message) => p.problems.push(message),
      },
      // "The screen": a canvas that keeps drawing (640x360), as a share would.
      capture: () => Promise.resolve(new MediaStream([drawingCanvas(640, 360)])),
      // "Another camera": a second capture of the fake one, a track of its own.
      open: async (kind) =>
        (
          await navigator.mediaDevices.getUserMedia({ [kind]: kind === 'video' ? { width: 160, height: 120 } : true })
        ).getTracks()[0]!,
    },
  });
  const person = Object.assign(p, { call });
  people.push(person);
  await call.join(room, name, Promise.resolve({ ice: ice.current, relayOnly }));
  return person;
}

/** Names of the people whose video `p` decodes now (frames per second in the diagnostics of their downlink). */
export const seen = (p: SfuPerson) =>
  Object.values(p.diagnostics)
    .filter((d) => d.peerId !== UPLINK_ID && d.state !== 'closed' && (d.latest?.video.fps ?? 0) > 0)
    .map((d) => d.name)
    .sort();

export const uplinkType = (p: SfuPerson) => p.diagnostics[UPLINK_ID]?.latest?.path?.local.type ?? null;

/** A canvas track that changes every frame, so a receiver decodes a steady stream. */
function drawingCanvas(width: number, height: number): MediaStreamTrack {
  const canvas = Object.assign(document.createElement('canvas'), { width, height });
  const context = canvas.getContext('2d')!;
  const track = canvas.captureStream(20).getVideoTracks()[0]!;
  let n = 0;
  const draw = () => {
    if (track.readyState === 'ended') return clearInterval(timer);
    context.fillStyle = `hsl(${(n += 7) % 360} 70% 50%)`;
    context.fillRect(0, 0, width, height);
  };
  const timer = setInterval(draw, 50);
  draw();
  return track;
}

/**
 * A test file's calls on Janus: a real coturn and our signaling server on the file's Janus (rooms
 * above `meshMax` people on it), started once; everyone joined leaves after each test; all of it
 * stops after the file. `join` joins one person through them.
 */
export function sfuCallsForFile(meshMax: number, tokenTtlSeconds?: number) {
  let url = '';
  let relay: BrowserTurn | undefined;
  const people: SfuPerson[] = [];
  beforeAll(async () => {
    relay = await turn.startTurn('own-address');
    url = await commands.sfuSignaling(location.origin, meshMax, tokenTtlSeconds);
  });
  afterEach(async () => {
    await Promise.all(people.splice(0).map((p) => p.call.leave()));
  });
  afterAll(async () => {
    await commands.closeJanus();
    await turn.closeTurn();
  });
  return {
    /** Everyone joined and not yet left. */
    people,
    /** The TURN server everyone is given. */
    relay: (): BrowserTurn => relay!,
    join: (room: string, name: string, relayOnly = false, options: SfuJoinOptions = {}) =>
      joinSfuCall({ url, relay: relay!, people }, room, name, relayOnly, options),
  };
}
