/** One remote person: their video, name, and how the connection stands, in words. */
import { tileState, type RemotePeer } from '../store';
import { VideoView } from './VideoView';

function statsLine(peer: RemotePeer): string {
  const s = peer.stats;
  if (!s) return '';
  const parts: string[] = [];
  if (s.video.frameWidth && s.video.frameHeight) parts.push(`${s.video.frameWidth}×${s.video.frameHeight}`);
  if (s.video.fps !== null) parts.push(`${Math.round(s.video.fps)} fps`);
  if (s.path?.rttMs != null) parts.push(`RTT ${Math.round(s.path.rttMs)} ms`);
  return parts.join(' · ');
}

export function PeerTile({ peer }: { peer: RemotePeer }) {
  const state = tileState(peer);
  return (
    <figure
      className={`tile tile-${state.toLowerCase()}`}
      aria-label={`${peer.name}: ${state}`}
      data-peer-id={peer.id}
      data-state={state}
      data-frames-decoded={peer.stats?.video.framesDecoded ?? 0}
      data-audio-packets={peer.stats?.audio.packetsReceived ?? 0}
    >
      <VideoView streamKey={peer.id} muted={false} label={`Video of ${peer.name}`} />
      <figcaption>
        <span className="tile-name">{peer.name}</span>
        <span className="tile-state" role="status">
          {state}
        </span>
        <span className="tile-stats">{statsLine(peer)}</span>
      </figcaption>
    </figure>
  );
}
