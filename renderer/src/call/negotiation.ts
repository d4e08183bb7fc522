/**
 * The offer/answer side of one PeerLink: the perfect-negotiation pattern
 * (either side may offer at any time; the impolite side ignores a colliding
 * offer, the polite one rolls its own back) over one ordered queue of the
 * remote peer's messages, and the take-over of a first offer that went with
 * the join (first-offer.ts). ICE, media and recovery are the PeerLink's.
 */
import type { SignalData } from '../../../shared/signaling';
import type { FirstOffer } from './first-offer';
import type { LinkSenders } from './link-senders';
import { plain } from './peer-link-parts';

export interface NegotiationOptions {
  /** The polite peer rolls back its own offer when offers collide. */
  polite: boolean;
  senders: LinkSenders;
  /** A first offer that went with the join: nothing else is offered until it is applied. */
  firstOffer: FirstOffer | undefined;
  send(description: { type: RTCSdpType; sdp: string }): void;
  candidateReceived(line: string): void;
  report(error: unknown): void;
}

export class Negotiation {
  private makingOffer = false;
  private firstOfferPending: boolean;
  private ignoreOffer = false;
  private settingRemoteAnswer = false;
  /** Signals are handled strictly in arrival order. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly pc: RTCPeerConnection,
    private readonly options: NegotiationOptions,
  ) {
    this.firstOfferPending = options.firstOffer !== undefined;
  }

  /** Our offer on negotiationneeded (none while the join's first offer is on its way). */
  async needed(): Promise<void> {
    if (this.firstOfferPending) return;
    try {
      this.makingOffer = true;
      await this.pc.setLocalDescription();
      this.sendLocal();
    } catch (error) {
      this.options.report(error);
    } finally {
      this.makingOffer = false;
    }
  }

  /**
   * Applies the first offer that went with the join: the other side has it from the server, so
   * applying it only starts gathering, and candidates trickle. Returns false without one.
   */
  takeFirstOffer(): boolean {
    const first = this.options.firstOffer;
    if (!first) return false;
    this.makingOffer = true;
    this.queue = this.pc
      .setLocalDescription(first.offer)
      .finally(() => (this.makingOffer = this.firstOfferPending = false))
      .catch((error: unknown) => this.options.report(error));
    return true;
  }

  /** Feeds one message from the remote peer; messages are applied in order. */
  handle(data: SignalData): Promise<void> {
    this.queue = this.queue.then(() => this.apply(data)).catch((error: unknown) => this.options.report(error));
    return this.queue;
  }

  private sendLocal(): void {
    if (this.pc.localDescription) this.options.send(plain(this.pc.localDescription));
  }

  private async apply(data: SignalData): Promise<void> {
    if ('media' in data || 'sfuSees' in data) return; // about the person, not this connection: the Room's
    if ('description' in data) return this.describe(data.description);
    if (data.candidate === null) return;
    this.options.candidateReceived(data.candidate.candidate);
    try {
      await this.pc.addIceCandidate(data.candidate);
    } catch (error) {
      // Candidates of an offer we chose to ignore cannot apply; anything else is real.
      if (!this.ignoreOffer) throw error;
    }
  }

  private async describe(description: RTCSessionDescriptionInit): Promise<void> {
    const pc = this.pc;
    const readyForOffer = !this.makingOffer && (pc.signalingState === 'stable' || this.settingRemoteAnswer);
    const collision = description.type === 'offer' && !readyForOffer;
    this.ignoreOffer = !this.options.polite && collision;
    if (this.ignoreOffer) return;
    this.settingRemoteAnswer = description.type === 'answer';
    try {
      await pc.setRemoteDescription(description);
    } finally {
      this.settingRemoteAnswer = false;
    }
    if (description.type !== 'offer') return;
    this.options.senders.attach();
    await pc.setLocalDescription();
    this.sendLocal();
  }
}
