/**
 * A newcomer's first offer, made before its join is sent so that it travels with the join: the
 * server hands it to one person already in the room (the join's answer says whom), who can
 * answer at once instead of after another round trip. Only created, not applied: gathering (and
 * any TURN allocation) starts when a PeerLink takes it over, so an empty room costs no more
 * than a connection made and closed.
 */
import type { JoinOffer, JoinResult } from '../../../shared/signaling';
import { LinkSenders } from './link-senders';
import type { RoomSignaling } from './room-options';

export class FirstOffer {
  private constructor(
    readonly pc: RTCPeerConnection,
    readonly senders: LinkSenders,
    readonly offer: JoinOffer,
  ) {}

  /** A connection with our media attached, and its offer. */
  static async make(configuration: RTCConfiguration, localStream: MediaStream): Promise<FirstOffer> {
    const pc = new RTCPeerConnection(configuration);
    try {
      const senders = new LinkSenders(pc, localStream);
      senders.attach();
      const { sdp } = await pc.createOffer();
      return new FirstOffer(pc, senders, { type: 'offer', sdp: sdp ?? '' });
    } catch (error) {
      pc.close();
      throw error;
    }
  }

  /** The offer nobody took (an empty room, or a server that does not relay it). */
  close(): void {
    this.pc.close();
  }
}

/**
 * Joins `room` once the connection is up, with a first offer made meanwhile when the signaling
 * carries one; `first` is the offer's connection when it went to `result.offeredTo`, and is
 * closed otherwise. A failed offer only means joining without one.
 */
export async function joinWithOffer(
  signaling: RoomSignaling,
  url: string,
  room: string,
  name: string,
  make: () => Promise<FirstOffer>,
): Promise<{ result: JoinResult; first: FirstOffer | undefined }> {
  const offering = signaling.joinOffers ? make().catch(() => undefined) : Promise.resolve(undefined);
  let first: FirstOffer | undefined;
  try {
    [first] = await Promise.all([offering, signaling.waitConnected(url)]);
  } catch (error) {
    void offering.then((unused) => unused?.close());
    throw error;
  }
  try {
    const result = await signaling.join(room, name, first?.offer);
    const taken = result.offeredTo !== undefined && result.peers.some((p) => p.id === result.offeredTo);
    if (!taken) first?.close();
    return { result, first: taken ? first : undefined };
  } catch (error) {
    first?.close();
    throw error;
  }
}
