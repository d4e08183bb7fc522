/** When a call asks for a desktop notification, and that its words fit the IPC contract. */
import { describe, expect, it } from 'vitest';
import { ipcContract } from '../../shared/ipc';
import { noticesFor, noticeWords, type NoticeState } from '../../shared/notice-words';

const inCall: NoticeState = {
  phase: 'in-call',
  room: 'standup',
  signaling: 'connected',
  signalingDetail: '',
  peers: { a: { name: 'Ana', link: 'connected' } },
};
const with_ = (patch: Partial<NoticeState>): NoticeState => ({ ...inCall, ...patch });

describe('desktop notices of a call', () => {
  it('someone joining a running call', () => {
    const next = with_({ peers: { ...inCall.peers, b: { name: 'Ben', link: 'connecting' } } });
    expect(noticesFor(inCall, next)).toEqual([noticeWords.joined('Ben', 'standup')]);
    expect(noticeWords.joined('Ben', 'standup').title).toBe('Ben joined');
  });

  it('nothing for the people already there when we join, nor after hanging up', () => {
    const joining = with_({ phase: 'joining', peers: {} });
    expect(noticesFor(joining, with_({ phase: 'joining' }))).toEqual([]);
    expect(noticesFor(with_({ phase: 'joining' }), inCall)).toEqual([]);
    expect(noticesFor(inCall, with_({ phase: 'lobby', peers: {}, signaling: 'closed' }))).toEqual([]);
  });

  it('a link that failed for good, once', () => {
    const failed = with_({ peers: { a: { name: 'Ana', link: 'failed' } } });
    expect(noticesFor(inCall, failed)).toEqual([noticeWords.dropped('Ana')]);
    expect(noticesFor(failed, failed)).toEqual([]);
    expect(noticesFor(inCall, with_({ peers: { a: { name: 'Ana', link: 'reconnecting' } } }))).toEqual([]);
  });

  it('signaling lost during the call: reconnecting, then closed', () => {
    const reconnecting = with_({ signaling: 'reconnecting' });
    expect(noticesFor(inCall, reconnecting)).toEqual([noticeWords.signalingReconnecting()]);
    const closed = with_({ signaling: 'closed', signalingDetail: 'the server refused the invite' });
    expect(noticesFor(reconnecting, closed)).toEqual([noticeWords.signalingClosed('the server refused the invite')]);
    expect(noticesFor(reconnecting, inCall)).toEqual([]);
  });

  it('long names are clipped to what the notify channel accepts', () => {
    const name = 'N'.repeat(200);
    for (const notice of [noticeWords.joined(name, 'r'.repeat(64)), noticeWords.dropped(name)]) {
      expect(ipcContract.notify.request.safeParse(notice).success).toBe(true);
    }
    expect(ipcContract.notify.request.safeParse(noticeWords.signalingClosed('x'.repeat(1000))).success).toBe(true);
  });
});
