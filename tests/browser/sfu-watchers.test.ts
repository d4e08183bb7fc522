/**
 * A call on the SFU keeps one watcher per diagnostics entry and session: replaced by a newer
 * connection of the same session, taken along by a person who leaves, ended for older sessions
 * once a republish took over, and all ended with the call.
 */
import { describe, expect, it } from 'vitest';
import { Watchers } from '../../renderer/src/call/sfu/sfu-watch';

function stopper(log: string[], name: string): () => void {
  return () => log.push(name);
}

describe('Watchers', () => {
  it('stops the watcher of a connection a newer one of the same session replaces', () => {
    const log: string[] = [];
    const watchers = new Watchers();
    watchers.set('ana', 0, stopper(log, 'ana #1'));
    watchers.set('ben', 0, stopper(log, 'ben #1'));
    watchers.set('ana', 0, stopper(log, 'ana #2'));
    expect(log).toEqual(['ana #1']);
    watchers.stopAll();
    expect([...log].sort()).toEqual(['ana #1', 'ana #2', 'ben #1']);
  });

  it('keeps an older session watched until a republish takes over, then ends it', () => {
    const log: string[] = [];
    const watchers = new Watchers();
    watchers.set('uplink', 0, stopper(log, 'uplink 0'));
    watchers.set('ana', 0, stopper(log, 'ana 0'));
    watchers.set('uplink', 1, stopper(log, 'uplink 1'));
    watchers.set('ana', 1, stopper(log, 'ana 1'));
    expect(log).toEqual([]);
    watchers.stopBefore(1);
    expect(log).toEqual(['uplink 0', 'ana 0']);
    watchers.stopAll();
    expect(log.slice(2).sort()).toEqual(['ana 1', 'uplink 1']);
  });

  it('stops a person’s watchers when they leave, once, and the rest at the end', () => {
    const log: string[] = [];
    const watchers = new Watchers();
    watchers.set('ana', 0, stopper(log, 'ana 0'));
    watchers.set('ana', 1, stopper(log, 'ana 1'));
    watchers.set('ben', 0, stopper(log, 'ben'));
    watchers.stop('ana');
    watchers.stop('ana');
    watchers.stop('nobody');
    expect(log).toEqual(['ana 0', 'ana 1']);
    watchers.stopAll();
    watchers.stopAll();
    expect(log).toEqual(['ana 0', 'ana 1', 'ben']);
  });
});
