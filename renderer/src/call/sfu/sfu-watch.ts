/**
 * What one connection to Janus (our publisher, or the subscriber receiving one person) tells its
 * recorder: connection, ICE, DTLS and gathering states on the timeline, and its state in the
 * words a tile uses. `onState` hears each state while the connection is the one in use.
 */
import type { LinkState } from '../../../../shared/diagnostics';
import type { LinkRecorder } from '../../diagnostics/link-recorder';

/** RTCPeerConnectionState in the words of a tile. */
export function linkStateOf(state: RTCPeerConnectionState): LinkState {
  if (state === 'connected') return 'connected';
  if (state === 'disconnected') return 'reconnecting';
  if (state === 'failed' || state === 'closed') return state;
  return 'connecting';
}

/** Records `pc`'s states into `recorder` as session `session`; returns the function that stops it. */
export function watchConnection(
  pc: RTCPeerConnection,
  recorder: LinkRecorder,
  session: number,
  onState: (state: LinkState) => void,
): () => void {
  const listeners: [string, () => void][] = [
    [
      'connectionstatechange',
      () => {
        recorder.linkEvent('connection', pc.connectionState, session);
        onState(linkStateOf(pc.connectionState));
      },
    ],
    ['iceconnectionstatechange', () => recorder.linkEvent('ice', pc.iceConnectionState, session)],
    ['icegatheringstatechange', () => recorder.linkEvent('gathering', pc.iceGatheringState, session)],
  ];
  for (const [name, listener] of listeners) pc.addEventListener(name, listener);
  const dtls = () => {
    const transport = pc.getSenders()[0]?.transport ?? pc.getReceivers()[0]?.transport;
    transport?.addEventListener('statechange', () => recorder.linkEvent('dtls', transport.state, session));
  };
  pc.addEventListener('signalingstatechange', dtls, { once: true });
  onState(linkStateOf(pc.connectionState));
  return () => {
    for (const [name, listener] of listeners) pc.removeEventListener(name, listener);
    pc.removeEventListener('signalingstatechange', dtls);
  };
}

/**
 * The watchers of a call's connections, per diagnostics entry and session: a newer connection of
 * the same session (a resubscription) replaces its watcher, a person who left takes theirs along,
 * and a republish that took over ends the older sessions' (one that failed leaves them watched,
 * as their connections stay in use), so a long call does not hold on to every connection it had.
 */
export class Watchers {
  private readonly stops = new Map<string, Map<number, () => void>>();

  /** Watches `pc`, the connection of `id` in `session` now (watchConnection). */
  watch(
    id: string,
    session: number,
    pc: RTCPeerConnection,
    recorder: LinkRecorder,
    onState: (s: LinkState) => void,
  ): void {
    this.set(id, session, watchConnection(pc, recorder, session, onState));
  }

  set(id: string, session: number, stop: () => void): void {
    const of = this.stops.get(id) ?? new Map<number, () => void>();
    of.get(session)?.();
    of.set(session, stop);
    this.stops.set(id, of);
  }

  stop(id: string): void {
    for (const stop of this.stops.get(id)?.values() ?? []) stop();
    this.stops.delete(id);
  }

  /** Stops every watcher of a session older than `session`. */
  stopBefore(session: number): void {
    for (const of of this.stops.values())
      for (const [older, stop] of of)
        if (older < session) {
          stop();
          of.delete(older);
        }
  }

  stopAll(): void {
    for (const id of [...this.stops.keys()]) this.stop(id);
  }
}

/** Resolves once `pc` is connected; rejects when it fails or `ms` pass first. */
export function connected(pc: RTCPeerConnection, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`not connected within ${ms / 1000} s`)), ms);
    const check = () => {
      if (pc.connectionState === 'connected') done();
      else if (pc.connectionState === 'failed' || pc.connectionState === 'closed') done(new Error(pc.connectionState));
    };
    const done = (error?: Error) => {
      clearTimeout(timer);
      pc.removeEventListener('connectionstatechange', check);
      if (error) reject(error);
      else resolve();
    };
    pc.addEventListener('connectionstatechange', check);
    check();
  });
}
