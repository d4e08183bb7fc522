/** The sentences people read about a call, each against the state it describes; and the candidate lists' rows. */
import { describe, expect, it } from 'vitest';
import { candidateRows, parseCandidate } from '../../shared/candidate';
import {
  directSwitchFailedWords,
  lostWords,
  meshMovedWords,
  meshMoveFailedWords,
  noRelayCause,
  relaySwitchFailedWords,
  relayUnavailableWords,
  signalingLostWords,
} from '../../shared/call-words';
import { summaryLine, type CallSummary } from '../../shared/report';
import { TrafficWatch } from '../../renderer/src/call/traffic-watch';

const turn = 'turn:127.0.0.1:3478?transport=udp';
const refused = { at: 1, url: turn, errorCode: 401, errorText: 'Unauthorized.' };
const silent = { at: 1, url: turn, errorCode: 701, errorText: 'TURN allocate request timed out.' };
const stun = { at: 1, url: 'stun:127.0.0.1:3478', errorCode: 701, errorText: 'STUN binding request timed out.' };

describe('why no relay candidate came', () => {
  it('names refused credentials with the code and the server', () => {
    expect(noRelayCause([refused])).toBe(`TURN refused the credentials (${turn} answered 401 Unauthorized)`);
  });
  it('names an unreachable server, ignores STUN errors, and says nothing without evidence', () => {
    expect(noRelayCause([silent, stun])).toBe(
      `the TURN server is unreachable or blocked by a firewall (${turn} did not answer, 701 TURN allocate request timed out)`,
    );
    expect(noRelayCause([silent, stun])).not.toContain('stun:');
    expect(noRelayCause([stun])).toBeNull();
    expect(noRelayCause([])).toBeNull();
  });
});

describe('Relay only that could not be established', () => {
  it('says it could not, why, that the call is still direct, and the choices', () => {
    const words = relaySwitchFailedWords('Ben', [refused], null);
    expect(words).toMatch(/^Relay only could not be established with Ben: TURN refused the credentials/);
    expect(words).toContain('401 Unauthorized');
    expect(words).toContain('The call is still direct, so Ben can see your address');
    expect(words).toContain('stay direct, or hang up');
  });
  it('without an error: no relay candidate, or too slow', () => {
    expect(relaySwitchFailedWords('Ben', [], null)).toContain('no relay candidate was gathered');
    expect(relaySwitchFailedWords('Ben', [], 15_000)).toContain('did not connect within 15 s');
  });
});

describe('switching back to direct that did not work', () => {
  // The old link still runs through TURN, so the TURN server works: what failed is the new connection.
  it('too slow: says how long it waited and blames nothing it did not see', () => {
    const words = directSwitchFailedWords('Ben', 15_000);
    expect(words).toMatch(
      /^Could not switch the connection to Ben to direct: the new connection did not connect within 15 s/,
    );
    expect(words).not.toContain('NAT traversal failing');
    expect(words).toContain('The call continues through TURN');
  });
  it('failed: every path it tried failed, the likely cause a NAT or firewall, and the call stays relayed', () => {
    const words = directSwitchFailedWords('Ben', null);
    expect(words).toContain('none of the paths the new connection tried');
    expect(words).toContain('Likely cause: a NAT or firewall between you');
    expect(words).toContain('The call continues through TURN');
  });
  it('from the start: the link cannot connect, with the cause', () => {
    expect(relayUnavailableWords('Ben', [refused])).toMatch(
      /^Could not connect to Ben: Relay only is on and TURN refused the credentials/,
    );
  });
});

/** Ben's call was relayed and the relay stopped answering. */
const lostRelayed = {
  who: 'Ben',
  neverConnected: false,
  relayOnly: false,
  relayed: true,
  turnConfigured: true,
  signalingDown: false,
  errors: [],
};

describe('a lost call', () => {
  const base = lostRelayed;
  it('relayed: relay server unreachable', () => {
    expect(lostWords(base)).toContain('Call with Ben lost: relay server unreachable');
  });
  it('direct: advises Relay only only when there is a TURN server to relay through', () => {
    expect(lostWords({ ...base, relayed: false })).toContain('turn on Relay only');
    expect(lostWords({ ...base, relayed: false, turnConfigured: false })).not.toContain('Relay only');
  });
  it('while signaling was down: says the restart could not be negotiated', () => {
    expect(lostWords({ ...base, signalingDown: true })).toContain('while the signaling server was unreachable');
  });
});

describe('the after-call summary of a lost call', () => {
  const lost = lostWords(lostRelayed);
  const summary: CallSummary = {
    peer: 'Ben',
    outcome: 'failed',
    timeToConnectMs: 400,
    path: 'last path relayed (udp via turn:127.0.0.1:3478?transport=udp)',
    relayedSharePct: 100,
    weakHopSharePct: {},
    avgRttMs: 20,
    avgLossPct: 1,
    avgJitterMs: 5,
    failureCause: lost,
    setups: [],
    recoveries: [],
  };
  it('gives the cause its own sentence after the measurements, not a capital letter after a comma', () => {
    const line = summaryLine(summary);
    expect(line).toMatch(
      /^Ben: failed after connecting in 400 ms, .*, jitter 5 ms\. Call with Ben lost: relay server unreachable\. /,
    );
    expect(line).not.toMatch(/, [A-Z][a-z]/);
    expect(line).toMatch(/\.$/);
  });
  it('ends a cause without a full stop with one', () => {
    const line = summaryLine({ ...summary, failureCause: 'ICE failed: no candidate pair worked' });
    expect(line).toMatch(/jitter 5 ms\. ICE failed: no candidate pair worked\.$/);
  });
  it('a call without a failure is one list, as before', () => {
    expect(summaryLine({ ...summary, outcome: 'connected', failureCause: null })).toMatch(/, jitter 5 ms$/);
  });
});

describe('the signaling banner', () => {
  it('promises the call keeps going only for links that are connected', () => {
    expect(signalingLostWords('', ['Ben'], [])).toContain('Calls already connected keep going');
    const mixed = signalingLostWords('transport close', ['Ana'], ['Ben']);
    expect(mixed).toContain('The call with Ana keeps going');
    expect(mixed).toContain('The connection to Ben is down too');
    const none = signalingLostWords('', [], ['Ben']);
    expect(none).not.toContain('keep going');
    expect(none).toContain('Ben');
  });
});

describe('candidate rows', () => {
  const sent = (line: string, at: number) => ({ at, parsed: parseCandidate(line) });
  const host = 'candidate:1 1 udp 2122 192.0.2.1 5000 typ host';
  it('lists each signaled candidate once, enriched from stats, then the ones only stats know', () => {
    const rows = candidateRows(
      [sent(host, 10), sent(host, 20)],
      [
        { id: 'a', type: 'host', protocol: 'udp', address: '192.0.2.1', port: 5000, relayProtocol: null, url: null },
        {
          id: 'b',
          type: 'prflx',
          protocol: 'udp',
          address: '198.51.100.7',
          port: 40000,
          relayProtocol: null,
          url: null,
        },
      ],
    );
    expect(rows.map((r) => [r.type, r.address, r.at])).toEqual([
      ['host', '192.0.2.1', 10],
      ['prflx', '198.51.100.7', null],
    ]);
  });
});

describe('a stalled link', () => {
  it('is stalled after stallMs without a new byte, and flowing again at the next byte', () => {
    const watch = new TrafficWatch(2_000);
    expect(watch.observe(100, 0)).toBeNull();
    expect(watch.observe(200, 1_000)).toBeNull();
    expect(watch.observe(200, 2_500)).toBeNull();
    expect(watch.observe(200, 3_000)).toBe('stalled');
    expect(watch.observe(200, 4_000)).toBeNull();
    expect(watch.observe(300, 5_000)).toBe('flowing');
    watch.observe(300, 6_000);
    watch.reset(6_500);
    expect(watch.observe(300, 8_000)).toBeNull();
  });
});

describe('a mesh that moved to Janus', () => {
  it('says the switch worked only when everyone came through, and names who did not', () => {
    expect(meshMovedWords(5, 840, [])).toBe(
      "With 5 people, the call moved to the group-call server (Janus): everyone's video comes through it now (the switch took 840 ms).",
    );
    expect(meshMovedWords(5, 5_205, [])).toContain('(the switch took 5.2 s).');
    expect(meshMovedWords(5, 840, ['Ben'])).toBe(
      'With 5 people, the call moved to the group-call server (Janus), but no video from Ben has come through it yet. If it does not come, that person leaves and joins again.',
    );
    expect(meshMovedWords(6, 0, ['Ben', 'Cy'])).toContain(
      'no video from Ben and Cy has come through it yet. If it does not come, they leave and join again.',
    );
  });

  it('a move that failed says what the person misses and what to do', () => {
    const words = meshMoveFailedWords(5, 'Janus did not answer');
    expect(words).toContain('joining it failed (Janus did not answer)');
    expect(words).toContain('The newcomer cannot see or hear you');
    expect(words).toContain('Leave and join again');
  });
});
