/**
 * The signaling server hands out Janus admissions (real Janus, real signaling server on port 0):
 * a room is a mesh up to four; the fifth person, and anyone joining a room already on Janus, is
 * acked with mode 'sfu' and tokens that Janus accepts for that room; fresh tokens on request.
 * Without Janus the fifth is refused in words that say why and what the operator can do; with
 * Janus down, the join says so.
 */
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { VIDEOROOM_PLUGIN, type JanusAdmission } from '../../shared/janus';
import { admissionAckSchema, joinAckSchema, type JoinResult } from '../../shared/signaling';
import { connectJanus, type JanusClient } from '../../server/janus-client';
import { startSignalingServer, type RunningSignalingServer } from '../../server/signaling-server';
import { startJanus, type JanusServer } from '../support/janus';
import { freeTcpPort } from '../support/ports';
import { signalingClients } from '../support/signaling-clients';

let janus: JanusServer;
let withJanus: RunningSignalingServer;
let without: RunningSignalingServer;
const janusClients: JanusClient[] = [];
const clients = signalingClients(() => withJanus.url);
const bare = signalingClients(() => without.url);

beforeAll(async () => {
  janus = await startJanus();
  const config = { url: janus.url, publicUrl: janus.url, tokenSecret: janus.tokenSecret, adminKey: janus.adminKey };
  withJanus = await startSignalingServer({ port: 0, janus: { ...config, sweepIntervalMs: 0 } });
  without = await startSignalingServer({ port: 0 });
});
afterEach(() => {
  clients.closeAll();
  bare.closeAll();
});
afterAll(async () => {
  await Promise.all(janusClients.splice(0).map((c) => c.close()));
  await withJanus?.close();
  await without?.close();
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
  it('four join as a mesh; the fifth is on Janus with tokens Janus accepts for that room', async () => {
    const sockets = await Promise.all([1, 2, 3, 4, 5].map(() => clients.connect()));
    const results: JoinResult[] = [];
    for (const [i, s] of sockets.entries()) results.push(await joined(s, 'five', `P${i + 1}`));
    expect(results.slice(0, 4).map((r) => r.mode)).toEqual(['mesh', 'mesh', 'mesh', 'mesh']);
    expect(results.slice(0, 4).every((r) => r.janus === undefined)).toBe(true);
    const fifth = results[4]!;
    expect(fifth.mode).toBe('sfu');
    expect(fifth.peers.map((p) => p.name)).toEqual(['P1', 'P2', 'P3', 'P4']);
    expect(fifth.janus).toMatchObject({ url: janus.url, room: expect.any(Number) as number });
    expect(fifth.janus!.expiresAt).toBeGreaterThan(Date.now() + 60_000);
    expect(await joinOnJanus(fifth.janus!, 'P5')).toBeGreaterThan(0);
  });

  it('a room already on Janus stays there: a newcomer to it is on Janus even when it is small again', async () => {
    const sockets = await Promise.all([1, 2, 3, 4, 5].map(() => clients.connect()));
    for (const [i, s] of sockets.entries()) await joined(s, 'stays', `P${i + 1}`);
    for (const s of sockets.slice(0, 3)) await s.emitWithAck('leave');
    const late = await joined(await clients.connect(), 'stays', 'Late');
    expect(late.peers).toHaveLength(2);
    expect(late.mode).toBe('sfu');
    expect(late.janus?.room).toBe((await joined(await clients.connect(), 'stays', 'Later')).janus?.room);
  });

  it('someone on Janus gets fresh tokens; someone in a mesh is told the room is not on the SFU', async () => {
    const sockets = await Promise.all([1, 2, 3, 4, 5].map(() => clients.connect()));
    const results: JoinResult[] = [];
    for (const [i, s] of sockets.entries()) results.push(await joined(s, 'fresh', `P${i + 1}`));
    const fresh = admissionAckSchema.parse(await sockets[4]!.emitWithAck('admission'));
    expect(fresh).toMatchObject({ ok: true, value: { room: results[4]!.janus!.room } });
    expect(await joinOnJanus((fresh as { value: JanusAdmission }).value, 'again')).toBeGreaterThan(0);
    const mesh = admissionAckSchema.parse(await sockets[0]!.emitWithAck('admission'));
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
