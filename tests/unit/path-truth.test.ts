/** What the panel says of the path: a prflx that is really a relay, and whether our IP address is hidden. */
import { describe, expect, it } from 'vitest';
import { parseCandidate } from '../../shared/candidate';
import { ipExposure } from '../../shared/diagnostics';
import { explainPath } from '../../shared/stats-quality';
import { diag, line, relayed, with_ } from '../support/call-diagnostics';

describe('prflx that is really a relay', () => {
  const path = {
    ...relayed.path!,
    remote: { ...relayed.path!.remote, type: 'prflx' as const, address: '198.51.100.9', port: 50000 },
  };
  it('is explained as the peer relaying through TURN when the address was announced as relay', () => {
    const r = explainPath({ ...path, local: { ...path.local, type: 'host' } }, [
      parseCandidate(line('relay', '198.51.100.9', 50000))!,
    ]);
    expect(r.relayed).toBe(true);
    expect(r.note).toContain('relay address the other side announced');
  });
  it('is explained as a NAT-learned address otherwise', () => {
    const r = explainPath({ ...path, local: { ...path.local, type: 'host' } }, []);
    expect(r.relayed).toBe(false);
    expect(r.note).toContain('learned it from a connectivity check');
  });
});

describe('IP hidden', () => {
  const hostPath = with_(relayed, { path: { ...relayed.path!, local: { ...relayed.path!.local, type: 'host' } } });
  it('only when relay-only is on, no path in use starts off our relay, and no address ever went out', () => {
    expect(ipExposure(false, [diag()])).toBe('off');
    expect(ipExposure(true, [diag()])).toBe('hidden');
    expect(ipExposure(true, [])).toBe('hidden');
    const leaked = diag({
      candidates: [{ at: 1, direction: 'sent', line: line('host'), parsed: parseCandidate(line('host')), session: 0 }],
    });
    expect(ipExposure(true, [leaked])).toBe('shared-earlier');
  });
  it('a direct path under Relay only is "direct", or "pending" while a relay connection is being negotiated', () => {
    expect(ipExposure(true, [diag({ latest: hostPath })])).toBe('direct');
    expect(ipExposure(true, [diag({ latest: hostPath, switchingTo: 'relay' })])).toBe('pending');
    // Addresses sent earlier do not make a direct path look relayed.
    const leakedDirect = diag({
      latest: hostPath,
      candidates: [{ at: 1, direction: 'sent', line: line('host'), parsed: parseCandidate(line('host')), session: 0 }],
    });
    expect(ipExposure(true, [leakedDirect])).toBe('direct');
  });
  it('a relayed call whose TURN server died (no path) is still hidden, not "switching"', () => {
    expect(ipExposure(true, [diag({ latest: with_(relayed, { path: null }), state: 'reconnecting' })])).toBe('hidden');
  });
});
