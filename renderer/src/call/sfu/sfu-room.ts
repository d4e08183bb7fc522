/**
 * A call on Janus for one person: their socket and session (with the tokens of their admission),
 * their publisher (and a second one while they share their screen: sfu-displays.ts), and one
 * subscriber per other publisher, made as each starts and closed as each stops or leaves. What the
 * call shows is `remotes` (feed → who and their stream) and its events.
 */
import type { JanusAdmission } from '../../../../shared/janus';
import type { CandidateWatch } from './janus-ice';
import type { JanusSession } from '../../../../shared/janus-session';
import { openJanusSocket, type JanusSocket } from './janus-socket';
import { feedOwner, screenDisplay } from './sfu-displays';
import { publish, type PublisherChange, type SfuPublisher } from './sfu-publisher';
import { subscribe, type SfuSubscriber } from './sfu-subscriber';

export interface SfuRemote {
  feedId: number;
  /** What they publish as (their Traverse id). */
  display: string;
  subscriber: SfuSubscriber;
}

export type SfuRoomEvent =
  | { type: 'added'; remote: SfuRemote }
  | { type: 'removed'; feedId: number }
  /** Janus closed our socket (it restarted or stopped): this room is gone; leave it. */
  | { type: 'lost' };

export interface SfuRoom {
  readonly publisher: SfuPublisher;
  readonly remotes: ReadonlyMap<number, SfuRemote>;
  on(listener: (event: SfuRoomEvent) => void): () => void;
  /** Publishes our screen share as its own feed (null: stops it). */
  share(stream: MediaStream | null): Promise<void>;
  leave(): Promise<void>;
}

export interface SfuRoomOptions {
  admission: JanusAdmission;
  display: string;
  stream: MediaStream;
  rtc: RTCConfiguration;
  simulcast?: boolean;
  onProblem?: (problem: string) => void;
  /** The admission in use now (fresh tokens replace `admission` before it expires). Default: `admission`. */
  current?: () => JanusAdmission;
  /** Each connection as soon as it exists: our publisher's ('publisher'), or the one receiving `display`. */
  onConnection?: (who: 'publisher' | { display: string }, pc: RTCPeerConnection) => void;
  /** Each candidate line to or from Janus, with the connection it belongs to. */
  onCandidate?: (who: 'publisher' | { display: string }, ...line: Parameters<CandidateWatch>) => void;
}

async function openSession(options: SfuRoomOptions): Promise<{ socket: JanusSocket; session: JanusSession }> {
  const { admission } = options;
  const socket = await openJanusSocket({
    url: admission.url,
    auth: () => ({ token: (options.current?.() ?? admission).token }),
    onProblem: (error) => options.onProblem?.(error.message),
  });
  try {
    return { socket, session: await socket.createSession() };
  } catch (error) {
    socket.close();
    throw error;
  }
}

export async function joinSfuRoom(options: SfuRoomOptions): Promise<SfuRoom> {
  const { admission } = options;
  let left = false;
  // Leaving closes the socket under requests still in flight (a subscription starting, a
  // candidate trickling): those failures are ours, not problems to show.
  const onProblem = (problem: string) => {
    if (!left) options.onProblem?.(problem);
  };
  const { socket, session } = await openSession({ ...options, onProblem });
  const remotes = new Map<number, SfuRemote>();
  /** Feeds being subscribed to, or subscribed: a feed announced twice is subscribed once. */
  const wanted = new Set<number>();
  const listeners = new Set<(event: SfuRoomEvent) => void>();
  const emit = (event: SfuRoomEvent) => [...listeners].forEach((l) => l(event));

  const add = async (feedId: number, display: string) => {
    if (wanted.has(feedId) || left) return;
    wanted.add(feedId);
    const who = { display };
    const subscriber = await subscribe(session, {
      ...{ admission: options.current?.() ?? admission, feedId, rtc: options.rtc, onProblem },
      onConnection: (pc) => options.onConnection?.(who, pc),
      onCandidate: (...line) => options.onCandidate?.(who, ...line),
    }).catch((error: unknown) => {
      wanted.delete(feedId);
      throw error;
    });
    // Gone meanwhile (we left, or they stopped before the subscription was up).
    if (left || !wanted.has(feedId)) return void subscriber.close();
    const remote = { feedId, display, subscriber };
    remotes.set(feedId, remote);
    emit({ type: 'added', remote });
  };
  const remove = (feedId: number) => {
    wanted.delete(feedId);
    const remote = remotes.get(feedId);
    if (!remote) return;
    remotes.delete(feedId);
    void remote.subscriber.close();
    emit({ type: 'removed', feedId });
  };
  const apply = (change: PublisherChange) => {
    for (const id of change.stopped) remove(id);
    for (const p of change.started)
      // Not our own screen share (our camera's feed is never announced to us).
      if ((p.streams?.length ?? 0) > 0 && feedOwner(p.display ?? '').id !== options.display)
        add(p.id, p.display ?? String(p.id)).catch((error: unknown) =>
          onProblem(`could not receive ${p.display ?? p.id} from Janus: ${String(error)}`),
        );
  };

  void socket.closed.then(() => left || emit({ type: 'lost' }));
  const publisher = await publish(session, {
    ...options,
    onPublishers: apply,
    onProblem,
    onConnection: (pc) => options.onConnection?.('publisher', pc),
    onCandidate: (...line) => options.onCandidate?.('publisher', ...line),
  });
  const screen = screenFeed(session, options, onProblem, () => left);
  return {
    publisher,
    remotes,
    on(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    share: (stream) => screen.share(stream),
    async leave() {
      left = true;
      for (const id of [...remotes.keys()]) remove(id);
      await screen.share(null);
      await publisher.close();
      await session.destroy().catch(() => undefined);
      socket.close();
      await socket.closed;
    },
  };
}

/** Our screen share as a second publisher in the session; one change at a time, the last one wins. */
function screenFeed(
  session: JanusSession,
  options: SfuRoomOptions,
  onProblem: (problem: string) => void,
  left: () => boolean,
): { share(stream: MediaStream | null): Promise<void> } {
  let screen: Promise<SfuPublisher | null> = Promise.resolve(null);
  return {
    share(stream) {
      // A stopped share's feed is gone before the next one is published.
      screen = screen
        .catch(() => null)
        .then(async (shown) => {
          await shown?.close();
          if (!stream || left()) return null;
          const admission = options.current?.() ?? options.admission;
          const display = screenDisplay(options.display);
          return publish(session, {
            ...{ admission, display, stream, rtc: options.rtc, simulcast: false, onProblem },
            onPublishers: () => undefined, // the camera's handle hears who publishes
          });
        });
      return screen.then(() => undefined);
    },
  };
}
