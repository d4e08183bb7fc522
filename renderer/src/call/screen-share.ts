/**
 * Our screen share: one display-capture track in a MediaStream of its own,
 * sent on every link beside the camera (its own transceiver, negotiated by the
 * links' perfect negotiation). Detail over motion: content hint `detail` and
 * the senders keep resolution when bandwidth is short. It ends when the person
 * stops it or the capture ends (the shared window closed, the browser's own
 * "Stop sharing"), on every link at once.
 */
import type { MediaLink } from './link';

export interface ScreenSharePort {
  links(): MediaLink[];
  /** The share started (its stream) or ended (null), whoever ended it. */
  changed(stream: MediaStream | null): void;
  /** getDisplayMedia; in Electron the main process answers it with its picker. */
  capture?(): Promise<MediaStream>;
}

function captureScreen(): Promise<MediaStream> {
  return navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: 15, max: 30 } }, audio: false });
}

/** Resolution kept over frame rate for text on a screen. */
export function keepResolution(sender: RTCRtpSender): void {
  const parameters = sender.getParameters();
  parameters.degradationPreference = 'maintain-resolution';
  // Refused only by a closed connection, which no longer matters.
  sender.setParameters(parameters).catch(() => undefined);
}

export class ScreenShare {
  private share: { track: MediaStreamTrack; stream: MediaStream } | null = null;
  private starting: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly port: ScreenSharePort) {}

  get stream(): MediaStream | null {
    return this.share?.stream ?? null;
  }

  /** Asks for a screen or window and sends it to everyone; rejects with the browser's error (e.g. the person cancelled). */
  start(): Promise<void> {
    if (this.share) return Promise.resolve();
    this.starting ??= this.open().finally(() => (this.starting = null));
    return this.starting;
  }

  private async open(): Promise<void> {
    const stream = await (this.port.capture ?? captureScreen)();
    const track = stream.getVideoTracks()[0];
    if (this.closed || !track) {
      for (const t of stream.getTracks()) t.stop();
      return;
    }
    for (const extra of stream.getTracks()) if (extra !== track) stream.removeTrack(extra);
    track.contentHint = 'detail';
    track.addEventListener('ended', () => this.stop());
    this.share = { track, stream };
    // The others learn the stream id first, so the track that follows is known as the share.
    this.port.changed(stream);
    for (const link of this.port.links()) this.attach(link);
  }

  /** A link made while sharing (a newcomer, a replacement connection) gets the share too. */
  attach(link: MediaLink): void {
    if (this.share) link.addExtraTrack(this.share.track, this.share.stream, keepResolution);
  }

  stop(): void {
    const share = this.share;
    if (!share) return;
    this.share = null;
    for (const link of this.port.links()) link.removeExtraTrack(share.track);
    share.track.stop();
    this.port.changed(null);
  }

  close(): void {
    this.closed = true;
    this.stop();
  }
}
