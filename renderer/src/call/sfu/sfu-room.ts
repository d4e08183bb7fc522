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
import { screenDisplay } from './sfu-displays';
import { publish, type SfuPublisher } from './sfu-publisher';
import type { SfuSubscriber } from './sfu-subscriber';
import { Subscriptions } from './sfu-subscriptions';

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
  /**
   * Subscribes to `feedId` again, make-before-break: the new subscription takes over (an 'added'
   * event, its connection to `onConnection`) once connected, then the old one closes. False: the
   * feed is gone meanwhile. Rejects when the new one does not connect within `ms`.
   */
  resubscribe(feedId: number, ms: number): Promise<boolean>;
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
  let left = false;
  // Leaving closes the socket under requests still in flight (a subscription starting, a
  // candidate trickling): those failures are ours, not problems to show.
  const onProblem = (problem: string) => {
    if (!left) options.onProblem?.(problem);
  };
  const { socket, session } = await openSession({ ...options, onProblem });
  const listeners = new Set<(event: SfuRoomEvent) => void>();
  const emit = (event: SfuRoomEvent) => [...listeners].forEach((l) => l(event));
  const feeds = new Subscriptions(session, { ...options, onProblem }, emit, () => left);

  void socket.closed.then(() => left || emit({ type: 'lost' }));
  const publisher = await publish(session, {
    ...options,
    onPublishers: (change) => feeds.apply(change),
    onProblem,
    onConnection: (pc) => options.onConnection?.('publisher', pc),
    onCandidate: (...line) => options.onCandidate?.('publisher', ...line),
  });
  const screen = screenFeed(session, options, onProblem, () => left);
  return {
    publisher,
    remotes: feeds.remotes,
    on(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    resubscribe: (feedId, ms) => feeds.resubscribe(feedId, ms),
    share: (stream) => screen.share(stream),
    async leave() {
      left = true;
      feeds.removeAll();
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
