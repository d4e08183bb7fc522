/**
 * What one peer connection sends: the local camera and microphone, plus
 * tracks in streams of their own (a screen share), and swapping a device's
 * track in place. A link that answers attaches its media only when the first
 * offer arrives (to that offer's transceivers), so extra tracks wait for it.
 */
interface ExtraTrack {
  stream: MediaStream;
  sender: RTCRtpSender | null;
  prepare: ((sender: RTCRtpSender) => void) | undefined;
}

export class LinkSenders {
  private attached = false;
  private readonly extras = new Map<MediaStreamTrack, ExtraTrack>();

  constructor(
    private readonly pc: RTCPeerConnection,
    private readonly localStream: MediaStream,
  ) {}

  /** Adds the local tracks (whatever the stream holds now) and the extra ones; once. */
  attach(): void {
    if (this.attached) return;
    this.attached = true;
    for (const track of this.localStream.getTracks()) this.pc.addTrack(track, this.localStream);
    for (const [track, extra] of this.extras) {
      extra.sender = this.pc.addTrack(track, extra.stream);
      extra.prepare?.(extra.sender);
    }
  }

  /** One more track in its own stream; `prepare` gets its sender once there is one (to set parameters). */
  addExtra(track: MediaStreamTrack, stream: MediaStream, prepare?: (sender: RTCRtpSender) => void): void {
    if (this.extras.has(track) || this.pc.signalingState === 'closed') return;
    const sender = this.attached ? this.pc.addTrack(track, stream) : null;
    this.extras.set(track, { stream, sender, prepare });
    if (sender) prepare?.(sender);
  }

  /** Stops sending an extra track; the other side's stream loses it after renegotiation. */
  removeExtra(track: MediaStreamTrack): void {
    const sender = this.extras.get(track)?.sender;
    this.extras.delete(track);
    if (sender && this.pc.signalingState !== 'closed') this.pc.removeTrack(sender);
  }

  /** `next` on the sender that sent `old`: no renegotiation. False when no sender sends `old`. */
  async replace(old: MediaStreamTrack, next: MediaStreamTrack): Promise<boolean> {
    const sender = this.pc.getSenders().find((s) => s.track === old);
    if (!sender) return false;
    await sender.replaceTrack(next);
    return true;
  }
}
