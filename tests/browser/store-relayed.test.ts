/**
 * The store's view of "relayed" is pathRelayed(): a tile whose link runs
 * through the peer's relay, reported by Chromium as prflx, says "Relayed",
 * and the call counts as relayed (so fresh credentials restart ICE).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseCandidate } from '../../shared/candidate';
import { selectAnyRelayed, selectRelayed, selectSnapshot, tileState, useStore } from '../../renderer/src/store';
import { LinkRecorder } from '../../renderer/src/diagnostics/link-recorder';
import type { StatsRecord } from '../../shared/stats';

afterEach(() => {
  useStore.getState().resetCall();
  useStore.getState().resetDiagnostics();
});

/** One stats report of a host-to-prflx pair whose remote address the peer announced as relay. */
const records: StatsRecord[] = [
  { id: 'T', type: 'transport', selectedCandidatePairId: 'CP', bytesReceived: 1000, timestamp: 2_000 },
  { id: 'CP', type: 'candidate-pair', localCandidateId: 'L', remoteCandidateId: 'R', state: 'succeeded' },
  { id: 'L', type: 'local-candidate', candidateType: 'host', protocol: 'udp', address: '127.0.0.1', port: 5000 },
  { id: 'R', type: 'remote-candidate', candidateType: 'prflx', protocol: 'udp', address: '127.0.0.1', port: 6000 },
];
const relayLine = 'candidate:9 1 udp 1 127.0.0.1 6000 typ relay raddr 0.0.0.0 rport 0';

describe('the store decides "relayed" with pathRelayed()', () => {
  it('a prflx relay: the tile says Relayed and the call counts as relayed', () => {
    const store = useStore.getState();
    store.addPeer('p1', 'Ben');
    store.setLink('p1', 'connected');
    const recorder = new LinkRecorder('p1', 'Ben', (d) => useStore.getState().setDiagnostics('p1', d));
    recorder.state('connected');
    recorder.stats(records);
    // Not relayed yet: the relay candidate has not arrived by signaling.
    expect(selectRelayed(useStore.getState(), 'p1')).toBe(false);
    recorder.candidate('received', relayLine);
    expect(parseCandidate(relayLine)?.type).toBe('relay');
    const state = useStore.getState();
    expect(selectSnapshot(state, 'p1')?.path?.remote.type).toBe('prflx');
    expect(tileState(state.peers['p1']!, selectRelayed(state, 'p1'))).toBe('Relayed');
    expect(selectAnyRelayed(state)).toBe(true);
  });
});
