/**
 * One remote person: their video (or their initials while their camera is
 * off), name, whether they are muted or speaking, and how the connection
 * stands, in words. Their screen share, while they share, is a tile of its own beside it.
 */
import { useCallback, useEffect, useRef } from 'react';
import { frameShown } from '../call/call-controller';
import { useStream } from '../call/media-registry';
import type { ConnectionSnapshot } from '../../../shared/stats';
import { selectRelayed, selectSnapshot, tileState, useStore, type RemotePeer } from '../store';
import { Icon } from './Icon';
import { ShareTile } from './ShareTile';
import { initials, trackStats } from './tile-parts';
import { VideoView } from './VideoView';

function statsLine(s: ConnectionSnapshot | null, cameraTrack: string | undefined): string {
  if (!s) return '';
  const video = trackStats(s, cameraTrack);
  const parts: string[] = [];
  const width = video ? video.frameWidth : s.video.frameWidth;
  const height = video ? video.frameHeight : s.video.frameHeight;
  const fps = video ? video.fps : s.video.fps;
  if (width && height) parts.push(`${width}×${height}`);
  if (fps !== null) parts.push(`${Math.round(fps)} fps`);
  // The panel's figure (median of the last 30 s of checks), so tile and panel never disagree; the last check until there is one.
  const rtt = s.recent.rttMs ?? s.path?.rttMs ?? null;
  if (rtt !== null) parts.push(`RTT ${Math.round(rtt)} ms`);
  return parts.join(' · ');
}

export function PeerTile({ peer }: { peer: RemotePeer }) {
  const stats = useStore((s) => selectSnapshot(s, peer.id));
  const state = tileState(
    peer,
    useStore((s) => selectRelayed(s, peer.id)),
    useStore((s) => s.diagnostics[peer.id]?.videoStalled === true),
  );
  const media = useStore((s) => s.peerMedia[peer.id]);
  const speaking = useStore((s) => s.speaking[peer.id] === true);
  const current = useStore((s) => s.currentSpeaker === peer.id);
  const cameraTrack = useStream(peer.id)?.getVideoTracks()[0]?.id;
  const figure = useTileHeight(peer.id);
  const muted = media?.muted === true;
  const cameraOff = media?.cameraOff === true;
  const classes = ['tile', `tile-${state.toLowerCase().replace(' ', '-')}`];
  if (cameraOff) classes.push('tile-camera-off');
  if (speaking) classes.push('tile-speaking');
  if (current) classes.push('tile-current-speaker');
  const camera = trackStats(stats, cameraTrack);
  // The first frame on screen ends this link's setup (call/setup-marks.ts).
  const onFirstFrame = useCallback((stream: MediaStream, at: number) => frameShown(peer.id, stream, at), [peer.id]);
  return (
    <>
      {media?.screen && <ShareTile peer={peer} />}
      <figure
        ref={figure}
        className={classes.join(' ')}
        aria-label={`${peer.name}: ${state}`}
        data-peer-id={peer.id}
        data-state={state}
        data-muted={muted}
        data-camera-off={cameraOff}
        data-speaking={speaking}
        data-frames-decoded={camera?.framesDecoded ?? stats?.video.framesDecoded ?? 0}
        data-audio-packets={stats?.audio.packetsReceived ?? 0}
      >
        <VideoView streamKey={peer.id} muted={false} label={`Video of ${peer.name}`} onFirstFrame={onFirstFrame} />
        {cameraOff && (
          <div className="tile-initials" aria-hidden="true">
            {initials(peer.name)}
          </div>
        )}
        <figcaption>
          <span className="tile-name">{peer.name}</span>
          <span className="tile-state" role="status">
            {state}
          </span>
          <span className="tile-media" aria-live="polite">
            {muted && (
              <span className="tile-muted">
                <Icon name="mic-off" />
                Muted
              </span>
            )}
            {cameraOff && (
              <span className="tile-camera-off-label">
                <Icon name="camera-off" />
                Camera off
              </span>
            )}
            {speaking && (
              <span className="tile-speaking-label">
                <Icon name="speaking" />
                Speaking
              </span>
            )}
          </span>
          {/* Figures only while media flows: a reconnecting or failed link's last stats are not what arrives now. */}
          <span className="tile-stats">
            {state === 'Connected' || state === 'Relayed' ? statsLine(stats, cameraTrack) : ''}
          </span>
        </figcaption>
      </figure>
    </>
  );
}

/** Tells the store how tall this person's tile is on screen, in device pixels, while it is shown. */
function useTileHeight(id: string) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const set = useStore.getState().setTileHeight;
    const measure = () => set(id, Math.round(element.getBoundingClientRect().height * window.devicePixelRatio));
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    measure();
    return () => {
      observer.disconnect();
      set(id, null);
    };
  }, [id]);
  return ref;
}
