/**
 * A remote tile with its own buttons: Pin (it becomes the large tile) and Full screen
 * (Element.requestFullscreen on this tile; Escape or the button again leaves). `large`: the large
 * tile now (pinned, or the person speaking in a group call). On a small tile the buttons keep
 * their icons only (their accessible names stay) and show on hover or focus, so they do not cover
 * the person's name.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { errorMessage } from '../../../../shared/error-message';
import { useStore } from '../../store';
import { Icon } from '../Icon';

export function TileFrame(props: {
  name: string;
  pinned: boolean;
  large: boolean;
  onPin: () => void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [full, setFull] = useState(false);
  useEffect(() => {
    const follow = () => setFull(document.fullscreenElement !== null && document.fullscreenElement === ref.current);
    document.addEventListener('fullscreenchange', follow);
    return () => document.removeEventListener('fullscreenchange', follow);
  }, []);
  // Browsers leave full screen on Escape themselves; an embedded Chromium may not (headless does
  // not), so the page does it too.
  useEffect(() => {
    if (!full) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && document.fullscreenElement === ref.current)
        void document.exitFullscreen().catch(() => undefined);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [full]);

  function toggleFullScreen() {
    const frame = ref.current;
    if (!frame) return;
    if (document.fullscreenElement === frame) {
      void document.exitFullscreen();
      return;
    }
    frame.requestFullscreen().catch((error: unknown) => {
      useStore
        .getState()
        .setNotice(
          `Could not show ${props.name} full screen: ${errorMessage(error)}. The window may not be allowed to go full screen; maximise it instead.`,
        );
    });
  }

  return (
    <div
      ref={ref}
      className={props.large ? 'tile-frame tile-large' : 'tile-frame'}
      data-pinned={props.pinned}
      data-large={props.large}
    >
      {props.children}
      <div className="tile-actions">
        <button type="button" aria-pressed={props.pinned} aria-label={`Pin ${props.name}`} onClick={props.onPin}>
          <Icon name="pin" />
          <span className="tile-action-label">Pin</span>
        </button>
        <button type="button" aria-pressed={full} aria-label={`Full screen ${props.name}`} onClick={toggleFullScreen}>
          <Icon name="fullscreen" />
          <span className="tile-action-label">Full screen</span>
        </button>
      </div>
    </div>
  );
}
