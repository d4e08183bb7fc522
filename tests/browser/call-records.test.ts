/**
 * A person's record for the after-call card survives their leaving and coming back (issue 19, seen
 * once in CI: a call that had connected and then failed was summarised as "never-connected" after
 * the person's record was replaced by the one of their rejoin under the same id).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { summaryLine } from '../../shared/report';
import { LinkRecorders } from '../../renderer/src/diagnostics/link-recorders';
import { selectCallSummaries, useStore } from '../../renderer/src/store';

const settings = { relayOnly: false, turnConfigured: true, stunConfigured: true };

beforeEach(() => useStore.getState().resetDiagnostics());

describe('the after-call card', () => {
  it('keeps a failed connection when the same person rejoins under the same id and never connects', () => {
    const recorders = new LinkRecorders(
      () => 'Ben',
      (id, data) => useStore.getState().setDiagnostics(id, data),
    );
    const first = recorders.for('ben');
    first.state('connecting');
    first.state('connected');
    first.fail('Lost the connection to Ben: the relay server stopped answering.');
    recorders.end('ben'); // Ben left (peer-left) …
    // … and came back under the same id
    recorders.for('ben').state('connecting');

    const lines = selectCallSummaries(useStore.getState(), settings).map(summaryLine);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^Ben: failed after connecting in \d+ ms/);
    expect(lines[0]).toContain('the relay server stopped answering');
    expect(lines[1]).toMatch(/^Ben: never-connected/);
  });

  it('a replacement link (Relay only switched) stays one story: one line per person', () => {
    const recorders = new LinkRecorders(
      () => 'Cy',
      (id, data) => useStore.getState().setDiagnostics(id, data),
    );
    const cy = recorders.for('cy');
    cy.state('connected');
    cy.use(1, 'relay');
    cy.state('connected');
    expect(selectCallSummaries(useStore.getState(), settings)).toHaveLength(1);
  });
});
