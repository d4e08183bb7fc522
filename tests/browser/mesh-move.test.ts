/**
 * What a mesh's move to Janus says when it cannot happen (MeshMove with a signaling connection
 * that answers `admission` as the server would; no Janus is reached in these cases).
 */
import { describe, expect, it } from 'vitest';
import type { RoomEvents, RoomSignaling } from '../../renderer/src/call/room-options';
import { MeshMove } from '../../renderer/src/call/sfu/mesh-move';
import { SignalingRefused } from '../../renderer/src/signaling/socket-signaling';

function moveWith(admission: () => Promise<never>) {
  const problems: string[] = [];
  const events = { problem: (m: string) => problems.push(m) } as unknown as RoomEvents;
  const made: string[] = [];
  const move = new MeshMove({
    moved: { size: 5 },
    signaling: { admission } as unknown as RoomSignaling,
    events,
    joined: { id: 'ana', room: 'r' },
    people: new Map([['ben', 'Ben']]),
    makeSfu: () => {
      made.push('sfu');
      throw new Error('not reached');
    },
    mesh: { release: () => undefined, releaseAll: () => undefined },
  });
  return { move, problems, made };
}

describe('a move to Janus that cannot happen', () => {
  it('says nothing when the room is a mesh again (the newcomer left before we asked)', async () => {
    const refused = new SignalingRefused({ code: 'invalid', message: 'this room is not on the SFU' });
    const { move, problems, made } = moveWith(() => Promise.reject(refused));
    expect(await move.run()).toBeNull();
    expect(problems).toEqual([]);
    expect(made).toEqual([]);
  });

  it('says what failed, what the person misses and what to do when the server cannot admit us', async () => {
    const down = new SignalingRefused({ code: 'unavailable', message: 'Janus did not answer' });
    const { move, problems } = moveWith(() => Promise.reject(down));
    expect(await move.run()).toBeNull();
    expect(problems).toEqual([expect.stringContaining('joining it failed (Janus did not answer)')]);
    expect(problems[0]).toContain('The newcomer cannot see or hear you');
  });
});
