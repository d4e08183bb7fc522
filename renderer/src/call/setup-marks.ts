/**
 * The marks of a call's setup (performance.now() times), one recorder per Call: the marks
 * before any link exists (Join pressed, camera ready, ICE configuration ready, join sent and
 * acknowledged, a Relay only click), handed to each link's record as it starts; the offers and
 * answers on the call's signaling connection and the first frames the tiles show, routed to
 * that person's recorder. ICE and DTLS marks come from the link's own events
 * (diagnostics/setup-recorder.ts).
 */
import { SFU_UPLINK_ID } from '../../../shared/sfu-hops';
import type { SetupMark, SetupMarks } from '../../../shared/setup-phases';
import type { CallMarks, SetupSink, SetupStart } from '../diagnostics/setup-recorder';
import type { SignalingEvents } from '../signaling/socket-signaling';
import type { RoomSignaling } from './room-options';

export class CallSetupMarks implements CallMarks {
  private marks: SetupMarks = {};
  private kind: 'join' | 'rejoin' = 'join';
  /** The peers the last join ack listed: the links made for them belong to that join. */
  private readonly present = new Set<string>();
  /** Who got the offer that went with the last join, and when it went. */
  private joinOffer: { to: string | undefined; at: number } | null = null;
  /** A Relay only switch of ours being started now (Room.replace runs synchronously inside it). */
  private switching: SetupMarks | null = null;
  private readonly sinks = new Map<string, SetupSink>();

  /** Made when Join is pressed: that is the first mark. */
  constructor(private readonly clock: () => number = () => performance.now()) {
    this.mark('join-clicked');
  }

  now(): number {
    return this.clock();
  }

  /** A call-wide mark; the first of each counts. */
  mark(name: SetupMark, at = this.now()): void {
    if (this.marks[name] === undefined) this.marks[name] = at;
  }

  /** The call's signaling events, with each description that comes in marked (after the Room has routed it). */
  watchEvents(events: SignalingEvents): SignalingEvents {
    return {
      ...events,
      signal: (signal) => {
        events.signal(signal);
        this.sinks.get(signal.from)?.signaled('received', signal.data);
      },
    };
  }

  /** The call's signaling, with its joins marked (sent, acknowledged, and whom the ack listed) and each description sent. */
  watchSignaling(signaling: RoomSignaling): RoomSignaling {
    // Janus admissions pass through untouched (without them tokens would expire mid-call).
    const admission = signaling.admission?.bind(signaling);
    const renew = signaling.renew?.bind(signaling);
    return {
      ...(admission ? { admission } : {}),
      ...(renew ? { renew } : {}),
      joinOffers: signaling.joinOffers,
      waitConnected: (url, timeoutMs) => signaling.waitConnected(url, timeoutMs),
      join: async (room, name, offer) => {
        // A second join is a rejoin after a signaling drop: its links start there, not at Join.
        if (this.marks['join-acked'] !== undefined) {
          this.kind = 'rejoin';
          this.marks = {};
        }
        this.mark('join-sent');
        this.joinOffer = offer ? { to: undefined, at: this.now() } : null;
        const result = await signaling.join(room, name, offer);
        this.mark('join-acked');
        if (this.joinOffer) this.joinOffer.to = result.offeredTo;
        this.present.clear();
        for (const peer of result.peers) this.present.add(peer.id);
        // A join onto Janus starts our upload to it as part of the join too.
        if (result.janus) this.present.add(SFU_UPLINK_ID);
        return result;
      },
      signal: (to, data, onRefused) => {
        signaling.signal(to, data, onRefused);
        this.sinks.get(to)?.signaled('sent', data);
      },
      leave: () => signaling.leave(),
      close: () => signaling.close(),
    };
  }

  /** The first link to a person: part of our join when the ack listed them, else their arrival. */
  linkStart(remoteId: string): SetupStart {
    // The offer that went with the join was sent then (the phases say it ran in parallel with the join).
    const offer = this.joinOffer?.to === remoteId ? { 'offer-sent': this.joinOffer.at } : {};
    if (this.present.delete(remoteId)) return { kind: this.kind, marks: { ...this.marks, ...offer } };
    return { kind: 'arrival', marks: { 'peer-joined': this.now() } };
  }

  /** Runs `start` (the Room replacing its links) as our own Relay only switch, clicked at `clickedAt`. */
  switchBy(clickedAt: number, start: () => void): void {
    this.switching = { 'switch-clicked': clickedAt, 'switch-started': this.now() };
    try {
      start();
    } finally {
      this.switching = null;
    }
  }

  /** A replacement link starts: ours (inside switchBy) or the other side's (their new offer). */
  switchStart(): SetupStart {
    if (this.switching) return { kind: 'switch', marks: { ...this.switching } };
    return { kind: 'switch-answer', marks: { 'switch-started': this.now() } };
  }

  /** A person's recorder takes their first frames and descriptions from now on. */
  register(remoteId: string, sink: SetupSink): void {
    this.sinks.set(remoteId, sink);
  }

  /** A tile showed its first frame of `stream` (requestVideoFrameCallback time). */
  frameShown(remoteId: string, stream: MediaStream, at: number): void {
    this.sinks.get(remoteId)?.frameShown(stream, at);
  }
}
