/**
 * The desktop notifications a call gives while its window is not focused, and
 * when it gives them: someone joined, a link dropped for good, the signaling
 * server went away. Pure: the renderer feeds two successive store states.
 */
import { MAX_NOTICE_BODY, MAX_NOTICE_TITLE } from './ipc';

export interface DesktopNotice {
  title: string;
  body: string;
}

/** What the rules read of the store (renderer/src/store: call slice). */
export interface NoticeState {
  phase: 'lobby' | 'joining' | 'in-call';
  room: string;
  signaling: 'connecting' | 'connected' | 'reconnecting' | 'closed';
  signalingDetail: string;
  peers: Readonly<Record<string, { name: string; link: string }>>;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function notice(title: string, body: string): DesktopNotice {
  return { title: clip(title, MAX_NOTICE_TITLE), body: clip(body, MAX_NOTICE_BODY) };
}

export const noticeWords = {
  joined: (name: string, room: string) => notice(`${name} joined`, `${name} joined your call in room ${room}.`),
  dropped: (name: string) =>
    notice(
      `Call with ${name} dropped`,
      `The connection to ${name} failed and Traverse stopped trying to reconnect. Open Traverse to see why.`,
    ),
  signalingReconnecting: () =>
    notice(
      'Connection to the signaling server lost',
      'Traverse is reconnecting to the signaling server. Until it is back, nobody new can join your call.',
    ),
  signalingClosed: (detail: string) =>
    notice(
      'Signaling server connection closed',
      `Traverse is no longer connected to the signaling server${detail ? ` (${detail})` : ''}: nobody new can join your call. Open Traverse to hang up and join again.`,
    ),
};

/** The notices the change from `prev` to `next` calls for; none unless the call was already running. */
export function noticesFor(prev: NoticeState, next: NoticeState): DesktopNotice[] {
  if (prev.phase !== 'in-call' || next.phase !== 'in-call') return [];
  const out: DesktopNotice[] = [];
  for (const [id, peer] of Object.entries(next.peers)) {
    const before = prev.peers[id];
    if (!before) out.push(noticeWords.joined(peer.name, next.room));
    else if (peer.link === 'failed' && before.link !== 'failed') out.push(noticeWords.dropped(peer.name));
  }
  if (prev.signaling === 'connected' && next.signaling === 'reconnecting')
    out.push(noticeWords.signalingReconnecting());
  if (prev.signaling !== 'closed' && next.signaling === 'closed')
    out.push(noticeWords.signalingClosed(next.signalingDetail));
  return out;
}
