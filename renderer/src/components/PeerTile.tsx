/** One remote person: their video, name, and how the connection stands, in words. */
import type { ConnectionSnapshot } from '../../../shared/stats';
import { selectRelayed, selectSnapshot, tileState, useStore, type RemotePeer } from '../store';
import { VideoView } from './VideoView';

function statsLine(s: ConnectionSnapshot | null): string {
  if (!s) return '';
  const parts: string[] = [];
  if (s.video.frameWidth && s.video.frameHeight) parts.push(`${s.video.frameWidth}×${s.video.frameHeight}`);
  if (s.video.fps !== null) parts.push(`${Math.round(s.video.fps)} fps`);
  if (s.path?.rttMs != null) parts.push(`RTT ${Math.round(s.path.rttMs)} ms`);
  return parts.join(' · ');
}

export function PeerTile({ peer }: { peer: RemotePeer }) {
  const stats = useStore((s) => selectSnapshot(s, peer.id));
  const state = tileState(
    peer,
    useStore((s) => selectRelayed(s, peer.id)),
  );
  return (
    <figure
      className={`tile tile-${state.toLowerCase()}`}
      aria-label={`${peer.name}: ${state}`}
      data-peer-id={peer.id}
      data-state={state}
      data-frames-decoded={stats?.video.framesDecoded ?? 0}
      data-audio-packets={stats?.audio.packetsReceived ?? 0}
    >
      <VideoView streamKey={peer.id} muted={false} label={`Video of ${peer.name}`} />
      <figcaption>
        <span className="tile-name">{peer.name}</span>
        <span className="tile-state" role="status">
          {state}
        </span>
        <span className="tile-stats">{statsLine(stats)}</span>
      </figcaption>
    </figure>
  );
}
