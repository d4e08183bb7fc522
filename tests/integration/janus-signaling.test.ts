/**
 * The signaling server hands out Janus admissions (real Janus, real signaling server on port 0):
 * a room is a mesh up to four, and the fifth goes onto Janus while the four hear `room-moved` and
 * get their own admissions; with JANUS_MESH_MAX=0 every join, and anyone joining a room already on Janus, is
 * acked with mode 'sfu' and tokens that Janus accepts for that room; fresh tokens on request.
 * Without Janus the fifth is refused in words that say why and what the operator can do; with
 * Janus down, the join says so.
 */
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { VIDEOROOM_PLUGIN, type JanusAdmission } from '../../shared/janus';
import { admissionAckSchema, joinAckSchema, roomMovedSchema, type JoinResult } from '../../shared/signaling';
import { connectJanus, type JanusClient } from '../../server/janus-client';
import { startSignalingServer, type RunningSignalingServer } from '../../server/signaling-server';
import { startJanus, type JanusServer } from '../support/janus';
import { freeTcpPort } from '../support/ports';
import { signalingClients } from '../support/signaling-clients';

let janus: JanusServer;
let withJanus: RunningSignalingServer;
let without: RunningSignalingServer;
let byDefault: RunningSignalingServer;
const janusClients: JanusClient[] = [];
const clients = signalingClients(() => withJanus.url);
const bare = signalingClients(() => without.url);
const defaults = signalingClients(() => byDefault.url);

beforeAll(async () => {
  janus = await startJanus();
  const config = { url: janus.url, publicUrl: janus.url, tokenSecret: janus.tokenSecret, adminKey: janus.adminKey };
  withJanus = await startSignalingServer({ port: 0, janus: { ...config, sweepIntervalMs: 0 } });
  byDefault = await startSignalingServer({ port: 0, janus: { ...config, sweepIntervalMs: 0, meshMax: 0 } });
  without = await startSignalingServer({ port: 0 });
});
afterEach(() => {
  clients.closeAll();
  bare.closeAll();
  defaults.closeAll();
});
afterAll(async () => {
  await Promise.all(janusClients.splice(0).map((c) => c.close()));
  await withJanus?.close();
  await without?.close();
  await byDefault?.close();
  await janus?.stop();
});

/** Joins and parses the ack as the app does (shared/signaling.ts). */
async function joined(socket: Socket, room: string, name: string): Promise<JoinResult> {
  const ack = joinAckSchema.parse(await socket.emitWithAck('join', { room, name }));
  if (!ack.ok) throw new Error(`join refused: ${ack.error.message}`);
  return ack.value;
}

/** Joins the VideoRoom as a publisher with only what the admission holds, as a browser would. */
async function joinOnJanus(admission: JanusAdmission, display: string): Promise<number> {
  const client = await connectJanus({ url: admission.url, auth: () => ({ token: admission.token }) });
  janusClients.push(client);
  const handle = await (await client.createSession()).attach(VIDEOROOM_PLUGIN);
  const answer = await handle.send({
    request: 'join',
    ptype: 'publisher',
    room: admission.room,
    display,
    token: admission.roomToken,
  });
  return (answer.data as { id: number }).id;
}

describe('mesh or SFU, decided by the signaling server', () => {
  it('four join as a mesh; the fifth goes onto Janus and the four hear room-moved before they meet them', async () => {
    const sockets = await Promise.all([1, 2, 3, 4, 5].map(() => clients.connect()));
    const results: JoinResult[] = [];
    for (const s of sockets.slice(0, 4)) results.push(await joined(s, 'five', `P${results.length + 1}`));
    expect(results.map((r) => r.mode)).toEqual(['mesh', 'mesh', 'mesh', 'mesh']);
    expect(results.every((r) => r.janus === undefined)).toBe(true);
    // What each of the four hears, in order: the move first, then the newcomer.
    const heard = sockets.slice(0, 4).map((s) => {
      const events: string[] = [];
      s.on('room-moved', (moved: unknown) => events.push(`moved ${roomMovedSchema.parse(moved).size}`));
      s.on('peer-joined', (peer: { name: string }) => events.push(`joined ${peer.name}`));
      return events;
    });
    const fifth = await joined(sockets[4]!, 'five', 'P5');
    expect(fifth.mode).toBe('sfu');
    expect(fifth.peers.map((p) => p.name)).toEqual(['P1', 'P2', 'P3', 'P4']);
    for (const events of heard) await expect.poll(() => events).toEqual(['moved 5', 'joined P5']);
    // Each of the four asks for its admission: the same VideoRoom, tokens Janus accepts.
    for (const [i, s] of sockets.slice(0, 4).entries()) {
      const moved = admissionAckSchema.parse(await s.emitWithAck('admission'));
      expect(moved).toMatchObject({ ok: true, value: { room: fifth.janus!.room } });
      if (i === 0) expect(await joinOnJanus((moved as { value: JanusAdmission }).value, 'P1')).toBeGreaterThan(0);
    }
    // The room stays on Janus after the newcomer leaves: a sixth, with four present, joins there, and nobody moves again.
    await sockets[4]!.emitWithAck('leave');
    const again = heard.map((events) => events.length);
    const sixth = await joined(await clients.connect(), 'five', 'P6');
    expect(sixth.mode).toBe('sfu');
    expect(heard.map((events) => events.filter((e) => e.startsWith('moved')).length)).toEqual([1, 1, 1, 1]);
    expect(again.every((n) => n >= 2)).toBe(true);
  });

  it('a mesh that did not move is told its room is not on the SFU', async () => {
    const [a, b] = await Promise.all([1, 2].map(() => clients.connect()));
    expect((await joined(a!, 'small', 'S1')).mode).toBe('mesh');
    expect((await joined(b!, 'small', 'S2')).mode).toBe('mesh');
    const refused = admissionAckSchema.parse(await a!.emitWithAck('admission'));
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it('with JANUS_MESH_MAX=0 every room is on Janus from its first person, with tokens Janus accepts', async () => {
    const sockets = await Promise.all([1, 2].map(() => defaults.connect()));
    const results: JoinResult[] = [];
    for (const [i, s] of sockets.entries()) results.push(await joined(s, 'from-the-start', `D${i + 1}`));
    expect(results.map((r) => r.mode)).toEqual(['sfu', 'sfu']);
    expect(results[1]!.peers.map((p) => p.name)).toEqual(['D1']);
    expect(results[0]!.janus).toMatchObject({ url: janus.url, room: expect.any(Number) as number });
    expect(results[0]!.janus!.expiresAt).toBeGreaterThan(Date.now() + 60_000);
    expect(await joinOnJanus(results[0]!.janus!, 'D1')).toBeGreaterThan(0);
  });

  it('a room on Janus stays one VideoRoom: a newcomer joins the same one after others left', async () => {
    const sockets = await Promise.all([1, 2, 3, 4, 5].map(() => defaults.connect()));
    for (const [i, s] of sockets.entries()) await joined(s, 'stays', `P${i + 1}`);
    for (const s of sockets.slice(0, 3)) await s.emitWithAck('leave');
    const late = await joined(await defaults.connect(), 'stays', 'Late');
    expect(late.peers).toHaveLength(2);
    expect(late.mode).toBe('sfu');
    expect(late.janus?.room).toBe((await joined(await defaults.connect(), 'stays', 'Later')).janus?.room);
  });

  it('someone on Janus gets fresh tokens; someone in a mesh is told the room is not on the SFU', async () => {
    const onJanus = await defaults.connect();
    const admitted = await joined(onJanus, 'fresh', 'P1');
    const fresh = admissionAckSchema.parse(await onJanus.emitWithAck('admission'));
    expect(fresh).toMatchObject({ ok: true, value: { room: admitted.janus!.room } });
    expect(await joinOnJanus((fresh as { value: JanusAdmission }).value, 'again')).toBeGreaterThan(0);
    const inMesh = await clients.connect();
    expect((await joined(inMesh, 'fresh-mesh', 'M1')).mode).toBe('mesh');
    const mesh = admissionAckSchema.parse(await inMesh.emitWithAck('admission'));
    expect(mesh).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it('without Janus the fifth is refused: what failed, why (no SFU configured) and the fix (JANUS_URL)', async () => {
    const sockets = await Promise.all([1, 2, 3, 4, 5].map(() => bare.connect()));
    for (const s of sockets.slice(0, 4)) expect((await joined(s, 'capped', 'P')).mode).toBe('mesh');
    const ack = joinAckSchema.parse(await sockets[4]!.emitWithAck('join', { room: 'capped', name: 'P5' }));
    expect(ack).toMatchObject({ ok: false, error: { code: 'room-full' } });
    const message = (ack as { error: { message: string } }).error.message;
    expect(message).toMatch(/^This room is full: .*at most 4 people/);
    expect(message).toContain('no group-call server (Janus) configured');
    expect(message).toContain('JANUS_URL');
  });

  it('with Janus down, a join that needs it says Janus did not answer and what to check', async () => {
    const port = await freeTcpPort();
    const down = await startSignalingServer({
      port: 0,
      janus: {
        url: `ws://127.0.0.1:${port}`,
        publicUrl: `ws://127.0.0.1:${port}`,
        tokenSecret: 'x'.repeat(32),
        adminKey: 'y'.repeat(32),
        meshMax: 0,
        sweepIntervalMs: 0,
      },
    });
    try {
      const lone = signalingClients(() => down.url);
      const ack = joinAckSchema.parse(await (await lone.connect()).emitWithAck('join', { room: 'r', name: 'P' }));
      lone.closeAll();
      expect(ack).toMatchObject({ ok: false, error: { code: 'unavailable' } });
      expect((ack as { error: { message: string } }).error.message).toMatch(
        /^Joining failed: this room is a group call on the server's SFU \(Janus\), and Janus did not answer .*JANUS_URL/,
      );
    } finally {
      await down.close();
    }
  });
});
