/**
 * V8 flags the standalone server runs with (`npm run server`; tests and the
 * benchmark start it the same way). Both were found by measuring relay latency
 * at 5,000 clients (bench/signaling.ts) on two cores shared with the load.
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
 * runs of five at 7-14 ms. Two processes with Redis at 5,000 gain most: 36 and
 * 39 ms with both flags, against 175 and 245 ms with the semi-space flag alone
 * and 22 and 149 ms with neither. Measured on two cores; on a host with cores to
 * spare, concurrent marking may be the better choice: measure there.
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=128', '--no-concurrent-marking'] as const;
