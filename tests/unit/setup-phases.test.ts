/** A link's setup phases from its marks, and the sentence a person reads about them. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { setupPhases, type SetupMark, type SetupRecord } from '../../shared/setup-phases';
import { SFU_UPLINK_NAME } from '../../shared/sfu-hops';
import { setupSentence, setupWords } from '../../shared/setup-words';

const JOIN_ORDER: SetupMark[] = [
  'join-clicked',
  'media-ready',
  'ice-ready',
  'join-sent',
  'join-acked',
  'offer-sent',
  'answer-received',
  'ice-connected',
  'dtls-connected',
  'first-frame',
];

/** Marks at these times (ms), in JOIN_ORDER; undefined leaves a mark out. */
function joined(times: (number | undefined)[], extra: Partial<Record<SetupMark, number>> = {}): SetupRecord {
  const marks: Partial<Record<SetupMark, number>> = { ...extra };
  JOIN_ORDER.forEach((mark, i) => {
    const t = times[i];
    if (t !== undefined) marks[mark] = t;
  });
  return { session: 0, kind: 'join', policy: 'all', marks };
}

const summary = (r: SetupRecord) => setupPhases(r).phases.map((p) => [p.name, p.status, p.ms]);

describe('setup phases', () => {
  it('a whole join: each phase from the mark before it, summing to Join → first frame', () => {
    const p = setupPhases(joined([100, 101, 113, 116, 130, 138, 178, 358, 418, 508]));
    expect(p.phases.map((x) => [x.name, x.ms])).toEqual([
      ['media', 1],
      ['servers', 12],
      ['signaling', 3],
      ['join', 14],
      ['offer', 8],
      ['answer', 40],
      ['ice', 180],
      ['dtls', 60],
      ['frame', 90],
    ]);
    expect(p.totalMs).toBe(408);
    expect(p.reachedMs).toBe(408);
    expect(p.pairMs).toBe(258);
  });

  it('a phase not reached is said so, with no number, and the total is not made up', () => {
    const p = setupPhases(joined([0, 1, 2, 3, 4, 5, 6, 200]));
    expect(summary(joined([0, 1, 2, 3, 4, 5, 6, 200])).slice(-3)).toEqual([
      ['ice', 'measured', 194],
      ['dtls', 'not-reached', null],
      ['frame', 'not-reached', null],
    ]);
    expect(p.totalMs).toBeNull();
    expect(p.reachedMs).toBe(200);
  });

  it('a mark never seen while a later one came: not seen, and the next phase counts from the last mark reached', () => {
    const p = setupPhases(joined([0, 1, 2, 3, 4, 10, undefined, 100, 130, 150]));
    expect(p.phases.find((x) => x.name === 'answer')).toMatchObject({ status: 'unseen', ms: null });
    expect(p.phases.find((x) => x.name === 'ice')).toMatchObject({ status: 'measured', ms: 90, from: 'offer-sent' });
    expect(p.totalMs).toBe(150);
  });

  it('a mark that came before the phase ahead of it ended ran in parallel: no number, nothing taken off the next', () => {
    // ICE servers ready (5) before the camera (20).
    const p = setupPhases(joined([0, 20, 5, 25, 30, 35, 40, 60, 70, 80]));
    expect(p.phases.find((x) => x.name === 'servers')).toMatchObject({ status: 'parallel', ms: null });
    expect(p.phases.find((x) => x.name === 'signaling')).toMatchObject({ ms: 5, from: 'media-ready' });
    expect(p.totalMs).toBe(80);
  });

  it('the answering side: offer received, answer sent; from their arrival', () => {
    const p = setupPhases({
      session: 0,
      kind: 'arrival',
      policy: 'all',
      marks: {
        'peer-joined': 1000,
        'offer-received': 1030,
        'answer-sent': 1040,
        'ice-connected': 1100,
        'dtls-connected': 1120,
        'first-frame': 1150,
      },
    });
    expect(p.phases.map((x) => [x.name, x.ms])).toEqual([
      ['offer', 30],
      ['answer', 10],
      ['ice', 60],
      ['dtls', 20],
      ['frame', 30],
    ]);
  });

  it('after glare the first answer decides the role: a polite side that offered first and then answered is the answerer', () => {
    const p = setupPhases({
      session: 0,
      kind: 'arrival',
      policy: 'all',
      marks: {
        'peer-joined': 0,
        'offer-sent': 5,
        'offer-received': 8,
        'answer-sent': 20,
        'ice-connected': 50,
        'dtls-connected': 60,
        'first-frame': 70,
      },
    });
    expect(p.phases.slice(0, 2).map((x) => [x.name, x.ms, x.from])).toEqual([
      ['offer', 8, 'peer-joined'],
      ['answer', 12, 'offer-received'],
    ]);
  });

  it('a Relay only switch: from the click, through saving the setting, to the relay pair and the first frame on it', () => {
    const p = setupPhases({
      session: 1,
      kind: 'switch',
      policy: 'relay',
      marks: {
        'switch-clicked': 0,
        'switch-started': 20,
        'offer-sent': 25,
        'answer-received': 60,
        'ice-connected': 700,
        'dtls-connected': 760,
        'first-frame': 900,
      },
    });
    expect(p.phases[0]).toMatchObject({ name: 'setting', ms: 20 });
    expect(p.pairMs).toBe(700);
    expect(p.totalMs).toBe(900);
  });

  it('for any marks: measured phases are non-negative and add up to the time reached; the total only with a frame', () => {
    const time = fc.option(fc.integer({ min: 0, max: 5_000 }), { nil: undefined });
    fc.assert(
      fc.property(fc.array(time, { minLength: 10, maxLength: 10 }), (times) => {
        const p = setupPhases(joined(times));
        const measured = p.phases.filter((x) => x.status === 'measured');
        for (const x of measured) expect(x.ms).toBeGreaterThanOrEqual(0);
        for (const x of p.phases.filter((y) => y.status !== 'measured')) expect(x.ms).toBeNull();
        expect(measured.reduce((a, x) => a + (x.ms ?? 0), 0)).toBe(p.reachedMs);
        if (times[0] === undefined) expect(p.phases.every((x) => x.status === 'not-reached')).toBe(true);
        if (p.totalMs !== null) expect(times[9]).toBeDefined();
        // Not reached means nothing after it happened either.
        const firstNotReached = p.phases.findIndex((x) => x.status === 'not-reached');
        if (firstNotReached >= 0)
          expect(p.phases.slice(firstNotReached).every((x) => x.status === 'not-reached')).toBe(true);
      }),
    );
  });
});

describe('setup words', () => {
  it('a whole join in one sentence, from Join to the first frame', () => {
    expect(setupSentence(setupPhases(joined([100, 101, 113, 116, 130, 138, 178, 358, 418, 508])), 'Ben')).toBe(
      'Call setup with Ben: 408 ms from Join to first frame (camera 1 ms, ICE servers 12 ms, signaling connection 3 ms, join 14 ms, offer 8 ms, answer 40 ms, ICE 180 ms, DTLS 60 ms, first frame 90 ms).',
    );
  });

  it('a setup that stopped says how far it got and what it did not reach, with no total to the frame', () => {
    const words = setupSentence(setupPhases(joined([0, 1, 2, 3, 4, 5, 6, 200])), 'Ben');
    expect(words).toBe(
      'Call setup with Ben: 200 ms from Join to ICE (camera 1 ms, ICE servers 1 ms, signaling connection 1 ms, join 1 ms, offer 1 ms, answer 1 ms, ICE 194 ms; DTLS not reached, no frame shown).',
    );
  });

  it('says a mark was not seen and what the next number counts from; a phase in parallel has no number', () => {
    const unseen = setupSentence(setupPhases(joined([0, 1, 2, 3, 4, 10, undefined, 100, 130, 150])), 'Ben');
    expect(unseen).toContain('answer not seen, ICE 90 ms (since the offer)');
    const parallel = setupSentence(setupPhases(joined([0, 20, 5, 25, 30, 35, 40, 60, 70, 80])), 'Ben');
    expect(parallel).toContain('camera 20 ms, ICE servers in parallel, signaling connection 5 ms');
  });

  it('a relay switch names the click and when the relay pair was selected', () => {
    const p = setupPhases({
      session: 1,
      kind: 'switch',
      policy: 'relay',
      marks: {
        'switch-clicked': 0,
        'switch-started': 20,
        'offer-sent': 25,
        'answer-received': 60,
        'ice-connected': 700,
      },
    });
    expect(setupSentence(p, 'Ben')).toBe(
      'Switch to relay with Ben: 700 ms from the click to ICE (saving the setting 20 ms, offer 5 ms, answer 35 ms, ICE 640 ms; DTLS not reached, no frame shown); relay pair selected 700 ms after the click.',
    );
  });

  it('the parts the summary marks up read as the same sentence', () => {
    const p = setupPhases(joined([100, 101, 113, 116, 130, 138, 178, 358, 418, 508]));
    const w = setupWords(p, 'Ben');
    expect(`${w.lead}${w.parts.map((x) => x.text).join(', ')}${w.tail}`).toBe(setupSentence(p, 'Ben'));
    expect(w.parts.map((x) => x.ms)).toEqual([1, 12, 3, 14, 8, 40, 180, 60, 90]);
  });

  it('our upload to Janus is no person: its own words, from the join or the move, ending at DTLS', () => {
    const atJoin = setupPhases(joined([100, 101, 113, 116, 130, undefined, undefined, 358, 418]));
    expect(setupSentence(atJoin, SFU_UPLINK_NAME)).toBe(
      'Setup of your upload: 318 ms from Join to DTLS (camera 1 ms, ICE servers 12 ms, signaling connection 3 ms, join 14 ms, offer not seen, answer not seen, ICE 228 ms (since the join), DTLS 60 ms).',
    );
    const afterMove = setupPhases({
      session: 0,
      kind: 'arrival',
      policy: 'all',
      marks: { 'peer-joined': 0, 'ice-connected': 250, 'dtls-connected': 255 },
    });
    expect(setupSentence(afterMove, SFU_UPLINK_NAME)).toBe(
      'Setup of your upload: 255 ms from the move to Janus to DTLS (offer not seen, answer not seen, ICE 250 ms (since the move), DTLS 5 ms).',
    );
  });
});
