/** A person's screen share: a large tile of its own, named "Ana's screen", with the share's own numbers. */
import { useStream } from '../call/media-registry';
import { screenKey } from '../call/media-streams';
import { selectSnapshot, useStore, type RemotePeer } from '../store';
import { Icon } from './Icon';
import { trackStats, videoLine } from './tile-parts';
import { VideoView } from './VideoView';

export function ShareTile({ peer }: { peer: RemotePeer }) {
  const key = screenKey(peer.id);
  const stream = useStream(key);
  const title = `${peer.name}'s screen`;
  const video = trackStats(
    useStore((s) => selectSnapshot(s, peer.id)),
    stream?.getVideoTracks()[0]?.id,
  );
  return (
    <figure
      className="tile tile-share"
      aria-label={title}
      data-peer-id={peer.id}
      data-share-of={peer.name}
      data-frames-decoded={video?.framesDecoded ?? 0}
      data-frame-width={video?.frameWidth ?? 0}
      data-frame-height={video?.frameHeight ?? 0}
    >
      {/* Muted: the share carries no sound, and the person's voice plays in their own tile. */}
      <VideoView streamKey={key} muted label={title} />
      <figcaption>
        <Icon name="screen" />
        <span className="share-name">{title}</span>
        {!stream && <span className="tile-state">Waiting for the picture…</span>}
        <span className="tile-stats">{videoLine(video)}</span>
      </figcaption>
    </figure>
  );
}
