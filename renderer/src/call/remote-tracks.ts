/**
 * What one link receives, sorted into the person's camera (with their
 * microphone) and their screen share. The two are told apart by stream id:
 * the sender puts each in its own MediaStream and announces the share's id in
 * its media-state message (shared/signaling.ts), which arrives before the
 * offer that carries the share's track.
 */
interface Received {
  track: MediaStreamTrack;
  streamId: string | null;
}

export class RemoteTracks {
  /** The camera and microphone; the same object for the link's life (the tile keeps showing it). */
  readonly camera = new MediaStream();
  private readonly received: Received[] = [];
  private readonly streams = new Map<string, MediaStream>();
  private screenId: string | null = null;
  /**
   * Every stream ever announced as a share. "Stopped sharing" may arrive before the
   * renegotiation that removes the share's track: that track must not become the camera.
   */
  private readonly screenIds = new Set<string>();
  private shown: MediaStream | null = null;

  /** `changed` runs after the camera's tracks or the screen stream changed. */
  constructor(private readonly changed: () => void) {}

  /** A track from `ontrack`, with the stream the sender put it in. */
  add(track: MediaStreamTrack, stream: MediaStream | undefined): void {
    if (this.received.some((r) => r.track === track)) return;
    this.received.push({ track, streamId: stream?.id ?? null });
    if (stream && !this.streams.has(stream.id)) {
      this.streams.set(stream.id, stream);
      // The sender stopped sharing: renegotiation takes the track out of its stream.
      stream.addEventListener('removetrack', () => this.sort());
    }
    this.sort();
  }

  /** The sender's screen-share stream id, from their media-state message (null: not sharing). */
  announce(screenId: string | null): void {
    if (screenId === this.screenId) return;
    this.screenId = screenId;
    if (screenId !== null) this.screenIds.add(screenId);
    this.sort();
  }

  /** The share, while it is announced and its stream holds a live video track. */
  get screen(): MediaStream | null {
    const stream = this.screenId ? this.streams.get(this.screenId) : undefined;
    return stream?.getVideoTracks().some((t) => t.readyState === 'live') ? stream : null;
  }

  /** Ends every received track (Chromium leaves them live after the connection closes). */
  stop(): void {
    for (const { track } of this.received) track.stop();
  }

  /** The camera holds, per kind, the latest track not in a screen stream. */
  private sort(): void {
    const wanted = new Map<string, MediaStreamTrack>();
    for (const { track, streamId } of this.received) {
      if (streamId !== null && this.screenIds.has(streamId)) continue;
      if (track.readyState === 'live') wanted.set(track.kind, track);
    }
    let moved = false;
    for (const track of this.camera.getTracks()) {
      if (wanted.get(track.kind) !== track) {
        this.camera.removeTrack(track);
        moved = true;
      }
    }
    for (const track of wanted.values()) {
      if (!this.camera.getTracks().includes(track)) {
        this.camera.addTrack(track);
        moved = true;
      }
    }
    const screen = this.screen;
    if (moved || screen !== this.shown) {
      this.shown = screen;
      this.changed();
    }
  }
}
