/**
 * The signaling benchmark itself, run small: its generator speaks the socket.io
 * wire protocol by hand, so this proves it still joins, relays and counts
 * against the real server (one process, two through Redis) and PeerJS.
 * It asserts what was delivered, never how fast.
 */
import { describe, expect, it } from 'vitest';
import { runSignalingBench, signalingTable } from '../../bench/signaling';

describe('npm run bench -- signaling, in miniature', () => {
  it('every target relays every message of a short run, and the table says so', async () => {
    const result = await runSignalingBench({ sizes: [20], rounds: 1, warmupMs: 300, measureMs: 1_500 });
    expect(result.rows.map((r) => r.target)).toEqual([
      'one process',
      'two processes + Redis',
      'PeerJS server',
      'bare ws relay, our checks',
      'bare socket.io relay, no checks',
    ]);
    for (const row of result.rows) {
      expect(row.sent).toBeGreaterThan(0);
      expect(row.lost).toBe(0);
      expect(row.refused).toBe(0);
      expect(row.disconnects).toEqual({});
      expect(Number.isFinite(row.p99Ms)).toBe(true);
      expect(row.roundP99Ms).toHaveLength(1);
      expect(row.residentUnderLoadMB).toBeGreaterThan(10); // a Node process is never smaller
    }
    const table = signalingTable(result);
    expect(table).toContain('p99 vs PeerJS');
    expect(table).toContain('1 rounds of 1.5 s');
    // Measured at 5,000 clients only: a run without that size says so rather than printing a ratio.
    expect(result.targets.cpu5000VsPeerJs).toBeNull();
    expect(table).toContain(
      'at 5,000 clients against PeerJS: not measured; against the bare socket.io relay: not measured',
    );
  }, 120_000);
});
