/** The connection test's lock: ping series overlap, a throughput phase runs alone, and waits its turn without starving. */
import { describe, expect, it } from 'vitest';
import { PathMeterLock } from '../../shared/path-meter-lock';

/** Work that records when it ran and ends when told. */
function gate(log: string[], name: string) {
  let end: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (end = resolve));
  return {
    work: async () => {
      log.push(`${name} start`);
      await done;
      log.push(`${name} end`);
    },
    end: () => end(),
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('PathMeterLock', () => {
  it('runs ping series together, a throughput phase alone, and pings that come after it wait for it', async () => {
    const lock = new PathMeterLock();
    const log: string[] = [];
    const [p1, p2, t1, p3, t2] = ['ping 1', 'ping 2', 'throughput 1', 'ping 3', 'throughput 2'].map((n) =>
      gate(log, n),
    );
    const runs = [
      lock.sharing(p1!.work),
      lock.sharing(p2!.work),
      lock.alone(t1!.work),
      lock.sharing(p3!.work),
      lock.alone(t2!.work),
    ];
    await settle();
    expect(log).toEqual(['ping 1 start', 'ping 2 start']);
    p1!.end();
    await settle();
    // A throughput phase waits for every ping series under way, and ping 3 queues behind it.
    expect(log).toEqual(['ping 1 start', 'ping 2 start', 'ping 1 end']);
    p2!.end();
    await settle();
    expect(log.slice(3)).toEqual(['ping 2 end', 'throughput 1 start']);
    t1!.end();
    await settle();
    expect(log.slice(5)).toEqual(['throughput 1 end', 'ping 3 start']);
    p3!.end();
    await settle();
    expect(log.slice(7)).toEqual(['ping 3 end', 'throughput 2 start']);
    t2!.end();
    await Promise.all(runs);
    expect(log.at(-1)).toBe('throughput 2 end');
  });

  it('a failing phase releases the lock', async () => {
    const lock = new PathMeterLock();
    await expect(lock.alone(() => Promise.reject(new Error('closed')))).rejects.toThrow('closed');
    await expect(lock.alone(() => Promise.resolve(1))).resolves.toBe(1);
  });
});
