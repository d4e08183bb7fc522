/** Which hop of a call on Janus the hints name as the weak one. */
import { describe, expect, it } from 'vitest';
import { emptyDiagnostics } from '../../shared/diagnostics';
import { SFU_UPLINK_ID, hopHints, linkQuality } from '../../shared/sfu-hops';
import type { ConnectionSnapshot } from '../../shared/stats';
import type { OutboundVideo } from '../../shared/stats-outbound';

const sending = (limitedBy: string | null): ConnectionSnapshot =>
  ({ sentVideo: [{ limitedBy } as OutboundVideo] }) as ConnectionSnapshot;

describe('the weak hop', () => {
  it('our upload, when the browser holds our video back for bandwidth or CPU', () => {
    const uplink = emptyDiagnostics(SFU_UPLINK_ID, 'Your upload to the SFU', 0);
    expect(hopHints({ ...uplink, latest: sending(null) })).toEqual([]);
    expect(hopHints({ ...uplink, latest: sending('bandwidth') })[0]?.symptom).toMatch(/^Your upload is the bottleneck/);
    expect(hopHints({ ...uplink, latest: sending('cpu') })[0]?.symptom).toBe(
      "Your computer's CPU is holding back your video",
    );
  });

  it('their upload, when their tile gets a lower layer than its size asks for; nothing when it gets what it asks', () => {
    const ben = emptyDiagnostics('b', 'Ben', 0);
    const low = { ...ben, layer: { wanted: 2 as const, received: 0 as const, tilePx: 600, frameHeight: 180 } };
    expect(hopHints(low)[0]).toMatchObject({
      symptom: "Ben's video arrives in the low layer, not the high one their tile asks for",
      cause:
        "Ben's upload is the bottleneck: they send no higher layer now (their bandwidth or CPU), not your connection",
    });
    expect(hopHints({ ...ben, layer: { wanted: 1, received: 1, tilePx: 300, frameHeight: 360 } })).toEqual([]);
    expect(hopHints({ ...ben, layer: { wanted: 1, received: null, tilePx: 300, frameHeight: null } })).toEqual([]);
    expect(hopHints(ben)).toEqual([]); // a mesh link has no layer
  });

  it('grades a link with a weak hop fair at best, so the badge never says good beside a bottleneck hint', () => {
    const clean = { rttMs: 20, lossPct: 0 };
    const snapshot = (limitedBy: string | null) =>
      ({ ...sending(limitedBy), path: {}, recent: clean, jitterMs: 2 }) as ConnectionSnapshot;
    const uplink = emptyDiagnostics(SFU_UPLINK_ID, 'Your upload to the SFU', 0);
    expect(linkQuality({ ...uplink, latest: snapshot(null) })).toEqual({ grade: 'good', reasons: [] });
    expect(linkQuality({ ...uplink, latest: snapshot('bandwidth') })).toEqual({
      grade: 'fair',
      reasons: ['your upload held back for lack of bandwidth'],
    });
    expect(linkQuality({ ...uplink, latest: snapshot('cpu') }).reasons).toEqual(['your video held back by the CPU']);
    const ben = { ...emptyDiagnostics('b', 'Ben', 0), latest: snapshot(null) };
    const low = { ...ben, layer: { wanted: 2 as const, received: 0 as const, tilePx: 600, frameHeight: 180 } };
    expect(linkQuality(low)).toEqual({ grade: 'fair', reasons: ["Ben's video in a lower layer than the tile asks"] });
    // A worse grade from the link itself stays.
    const lossy = { ...low, latest: { ...snapshot(null), recent: { rttMs: 20, lossPct: 9 } } as ConnectionSnapshot };
    expect(linkQuality(lossy).grade).toBe('poor');
  });
});
