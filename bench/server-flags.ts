/**
 * The V8 flags the signaling benchmark starts our server with. `npm run server`
 * runs plain `node`: flags are the operator's choice (README, "Load figures"),
 * and these are the ones that measured best on the 2-core development machine,
 * where the server shares both cores with the load generator. Set
 * BENCH_SERVER_FLAGS to measure others on your host ("" for V8's defaults).
 *
 * A larger young generation: per client, some of what socket.io allocates for a
 * message lives until that client's next one (about a second under steady
 * signaling). With V8's default semi-space those objects survive a scavenge and
 * are promoted, the old generation fills at several MB/s, and every ~10 s a major
 * GC marks the whole heap (5,000 connections' worth): a 50-130 ms stall on two
 * cores. With 128 MB they die young, and relay p99 drops from ~80 ms to ~8 ms;
 * at 2,000 clients from ~12 ms to ~3 ms. The cost is memory: about +160 MB
 * resident at 5,000 clients under load (the young generation grows only as
 * traffic needs it).
 *
 * No concurrent marking: the major GCs that remain (after a wave of connections,
 * whose objects are old by then) marked on helper threads that competed with the
 * server and its clients for the same two cores, and half the 5,000-client runs
 * had p99 of 35-80 ms. Marking in small steps on the main thread instead: five
 * runs of five at 7-14 ms. On a host with cores to spare, concurrent marking may
 * be the better choice: measure there.
 */
export const MEASURED_SERVER_FLAGS = ['--max-semi-space-size=128', '--no-concurrent-marking'] as const;

/** The flags for this run: BENCH_SERVER_FLAGS (space-separated) when set, else the measured ones. */
export function benchServerFlags(env: NodeJS.ProcessEnv = process.env): string[] {
  const chosen = env.BENCH_SERVER_FLAGS;
  if (chosen === undefined) return [...MEASURED_SERVER_FLAGS];
  return chosen.split(/\s+/).filter((flag) => flag !== '');
}
