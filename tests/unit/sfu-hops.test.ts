/** Which hop of a call on Janus the hints name as the weak one. */
import { describe, expect, it } from 'vitest';
import { emptyDiagnostics } from '../../shared/diagnostics';
import { SFU_UPLINK_ID, hopHints } from '../../shared/sfu-hops';
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
});
