/**
 * V8 flags the standalone server runs with (`npm run server`; tests and the
 * benchmark start it the same way).
 *
 * A larger young generation: per client, some of what socket.io allocates for a
 * message lives until that client's next one (about a second under steady
 * signaling). With V8's default semi-space those objects survive a scavenge and
 * are promoted, the old generation fills at several MB/s, and every ~10 s a major
 * GC marks the whole heap (5,000 connections' worth): a 50-130 ms stall on two
 * cores. With 128 MB they die young: at 5,000 clients nothing is promoted under
 * load, and relay p99 drops from ~80 ms to ~8 ms (bench/signaling.ts); at 2,000
 * from ~12 ms to ~3 ms. The cost is memory: about +160 MB resident at 5,000
 * clients under load (the young generation grows only as traffic needs it).
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=128'] as const;
