/**
 * For a call test that fails in a way screenshots cannot explain (video stops
 * in one direction, say): what every RTCPeerConnection of a page was doing.
 * `trackPeerConnections` runs before the app, so it sees each connection made;
 * `describeLinks` reads their states and the counters that tell where media stopped.
 */
import type { BrowserContext, Page } from '@playwright/test';

type Tracked = Window & { __trackedPeerConnections?: RTCPeerConnection[] };

export async function trackPeerConnections(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const Native = window.RTCPeerConnection;
    const all: RTCPeerConnection[] = [];
    (window as Tracked).__trackedPeerConnections = all;
    window.RTCPeerConnection = class extends Native {
      constructor(configuration?: RTCConfiguration) {
        super(configuration);
        all.push(this);
      }
    };
  });
}

/** One line per RTP stream, camera source, selected pair and transport, under each connection's states; then each picture on the page. */
export function describeLinks(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const lines: string[] = [];
    const field = (r: Record<string, unknown>, ...names: string[]) =>
      names.map((n) => `${n}=${String(r[n])}`).join(' ');
    for (const [i, pc] of ((window as Tracked).__trackedPeerConnections ?? []).entries()) {
      lines.push(
        `connection ${i}: ${pc.connectionState}, ice ${pc.iceConnectionState}, signaling ${pc.signalingState}`,
      );
      for (const r of (await pc.getStats()).values() as IterableIterator<Record<string, unknown>>) {
        if (r.type === 'inbound-rtp')
          lines.push(
            `  in  ${String(r.kind)} ${field(r, 'mid', 'trackIdentifier', 'ssrc', 'packetsReceived', 'framesDecoded', 'keyFramesDecoded', 'pliCount', 'nackCount')}`,
          );
        if (r.type === 'outbound-rtp')
          lines.push(
            `  out ${String(r.kind)} ${field(r, 'mid', 'ssrc', 'packetsSent', 'framesEncoded', 'keyFramesEncoded', 'active', 'qualityLimitationReason')}`,
          );
        // What the camera hands the encoder: no frames here is a source that delivers nothing.
        if (r.type === 'media-source' && r.kind === 'video')
          lines.push(`  source video ${field(r, 'trackIdentifier', 'frames', 'framesPerSecond', 'width', 'height')}`);
        if (r.type === 'transport')
          lines.push(
            `  transport ${field(r, 'selectedCandidatePairId', 'dtlsState', 'iceState', 'selectedCandidatePairChanges', 'bytesSent', 'bytesReceived')}`,
          );
        if (r.type === 'candidate-pair' && r.nominated)
          lines.push(
            `  pair ${field(r, 'id', 'state', 'packetsSent', 'packetsReceived', 'bytesSent', 'bytesReceived')}`,
          );
      }
    }
    // Every picture on the page, the self view included: frames shown so far.
    for (const video of document.querySelectorAll('video')) {
      const track = (video.srcObject as MediaStream | null)?.getVideoTracks()[0];
      const state = track
        ? `${track.readyState}${track.muted ? ' muted' : ''}${track.enabled ? '' : ' disabled'}`
        : 'none';
      lines.push(
        `video "${video.getAttribute('aria-label') ?? ''}": track ${state}, frames shown ${video.getVideoPlaybackQuality().totalVideoFrames}`,
      );
    }
    return lines.join('\n');
  });
}
