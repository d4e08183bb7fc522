/**
 * People in a whole Call over the in-memory hub, for the browser tests: the main process's ICE
 * service as a fake pushed by hand, and each Call left after the test (or when the test ends it).
 */
import { afterEach } from 'vitest';
import type { PeerDiagnostics } from '../../shared/diagnostics';
import type { IceConfig } from '../../shared/ipc';
import { Call, type CallOptions, type IcePort } from '../../renderer/src/call/call';
import type { LinkState } from '../../renderer/src/call/link';
import type { RoomEvents } from '../../renderer/src/call/room';
import type { Hub } from './memory-hub';

const calls: Call[] = [];

afterEach(async () => {
  await Promise.all(calls.splice(0).map((c) => c.leave()));
});

/** The main process's ICE service, pushed by hand. */
export class FakeIce implements IcePort {
  readonly listeners = new Set<(config: IceConfig) => void>();
  constructor(public current: IceConfig) {}
  get = () => Promise.resolve(this.current);
  onUpdated = (listener: (config: IceConfig) => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };
  push(config: IceConfig): void {
    this.current = config;
    for (const listener of this.listeners) listener(config);
  }
}

/** A TURN server nobody answers on: host pairs connect, and the credentials are there to be replaced. */
export function iceConfig(username: string): IceConfig {
  return {
    iceServers: [{ urls: 'turn:127.0.0.1:9?transport=udp', username, credential: `secret-${username}` }],
    expiresAt: null,
    source: 'test',
    error: null,
  };
}

/** One person in a whole Call over the hub. */
export interface Caller {
  call: Call;
  links: Map<string, LinkState>;
  remote: MediaStream[];
  diagnostics: Record<string, PeerDiagnostics>;
  problems: string[];
}

export async function caller(
  hub: Hub,
  ice: FakeIce,
  name: string,
  options: Partial<Pick<CallOptions, 'isRelayed' | 'timings' | 'localStream'>> & { relayOnly?: boolean } = {},
): Promise<Caller> {
  const localStream =
    options.localStream ??
    (await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 160, height: 120 } }));
  const p: Omit<Caller, 'call'> = { links: new Map(), remote: [], diagnostics: {}, problems: [] };
  const events: RoomEvents = {
    signaling: () => undefined,
    peerAdded: () => undefined,
    peerRemoved: (id) => p.links.delete(id),
    linkState: (id, state) => p.links.set(id, state),
    remoteStream: (_id, stream) => p.remote.push(stream),
    diagnostics: (id, data) => (p.diagnostics[id] = data),
    problem: (message) => p.problems.push(message),
    relayRefused: () => undefined,
  };
  const call = new Call({
    signalingUrl: 'memory:',
    invite: null,
    localStream,
    events,
    connect: (url, _invite, signalingEvents) => hub.connect(url, signalingEvents),
    ice,
    isRelayed: options.isRelayed ?? (() => false),
    timings: options.timings ?? { statsIntervalMs: 250, recovery: { gatherTimeoutMs: 1_500 } },
  });
  calls.push(call);
  await call.join(
    'r',
    name,
    ice.get().then((config) => ({ ice: config, relayOnly: options.relayOnly ?? false })),
  );
  return Object.assign(p, { call });
}

/** Ends these calls now, so what is left over can be counted. */
export async function endCalls(...people: Caller[]): Promise<void> {
  for (const p of people) {
    const i = calls.indexOf(p.call);
    if (i >= 0) calls.splice(i, 1);
  }
  await Promise.all(people.map((p) => p.call.leave()));
}
