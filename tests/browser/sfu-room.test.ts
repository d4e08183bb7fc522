/**
 * Group calls on Janus, below the app: people join a real Janus VideoRoom (Debian's Janus, signed
 * tokens minted by server/janus-rooms.ts) through renderer/src/call/sfu/, in real Chromium. Each
 * publishes fake camera and microphone as three simulcast layers and decodes everyone else's
 * video through Janus; a person who leaves is gone for the others; and with Relay only, the
 * publisher reaches Janus through a real coturn and still sees everyone.
 */
import { commands } from 'vitest/browser';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import type { JanusAdmission } from '../../shared/janus';
import { joinSfuRoom, type SfuRoom } from '../../renderer/src/call/sfu/sfu-room';
import { media, turn, type BrowserTurn } from './support';

declare module 'vitest/browser' {
  interface BrowserCommands {
    janusAdmit(room: string): Promise<JanusAdmission>;
    janusParticipants(room: string): Promise<string[]>;
    janusLog(): Promise<string>;
    closeJanus(): Promise<void>;
  }
}

const rooms: SfuRoom[] = [];

/** Each remote of each room: connection state and what its inbound video counted. */
async function remotesNow(): Promise<string> {
  const lines: string[] = [];
  for (const room of rooms)
    for (const r of room.remotes.values()) {
      const video: Record<string, unknown>[] = [];
      (await r.subscriber.pc.getStats()).forEach((s: Record<string, unknown>) => {
        if (s.type === 'inbound-rtp' && s.kind === 'video')
          video.push({
            packets: s.packetsReceived,
            frames: s.framesDecoded,
            w: s.frameWidth,
            keyframes: s.keyFramesDecoded,
            pli: s.pliCount,
          });
      });
      lines.push(
        `${room.publisher.feedId} ← ${r.display}: ${r.subscriber.pc.connectionState} ${JSON.stringify(video)}`,
      );
    }
  return lines.join('\n');
}
let relay: BrowserTurn;
beforeAll(async () => {
  // Relayed from this machine's own address: Janus answers no peer on 127.0.0.1 (browser-turn.ts).
  relay = await turn.startTurn('own-address');
});
// A red run says why: the last of Janus's and coturn's own words.
beforeEach(() =>
  onTestFailed(async () => {
    const tail = (log: string) => log.split('\n').slice(-30).join('\n');
    console.log(
      `remotes:\n${await remotesNow()}\nJanus:\n${tail(await commands.janusLog())}\ncoturn:\n${tail(await turn.turnLog())}`,
    );
  }),
);
afterAll(async () => {
  await Promise.all(rooms.splice(0).map((r) => r.leave()));
  await commands.closeJanus();
  await turn.closeTurn();
});

async function join(room: string, who: string, rtc: RTCConfiguration = {}): Promise<SfuRoom> {
  const admission = await commands.janusAdmit(room);
  const joined = await joinSfuRoom({ admission, display: who, stream: await media(320, 180), rtc });
  rooms.push(joined);
  return joined;
}

/** Frames of video decoded so far on a connection, from its stats. */
async function decoded(pc: RTCPeerConnection): Promise<number> {
  let frames = 0;
  (await pc.getStats()).forEach((r: { type: string; kind?: string; framesDecoded?: number }) => {
    if (r.type === 'inbound-rtp' && r.kind === 'video') frames += r.framesDecoded ?? 0;
  });
  return frames;
}

/** Whose video `room` decodes, by display name, once each has decoded more than `after` frames. */
async function seen(room: SfuRoom, after = 0): Promise<string[]> {
  const names: string[] = [];
  for (const remote of room.remotes.values())
    if ((await decoded(remote.subscriber.pc)) > after) names.push(remote.display);
  return names.sort();
}

/** The local candidate type of a connection's selected pair. */
async function localType(pc: RTCPeerConnection): Promise<string | null> {
  const stats = [...(await pc.getStats()).values()] as { type: string; id: string; [k: string]: unknown }[];
  const transport = stats.find((s) => s.type === 'transport');
  const pair = stats.find((s) => s.id === transport?.selectedCandidatePairId);
  return (stats.find((s) => s.id === pair?.localCandidateId)?.candidateType as string | undefined) ?? null;
}

const everyone = ['ana', 'ben', 'cy'];
const others = (who: string) => everyone.filter((n) => n !== who);

describe('a group call on Janus (real Janus, real Chromium)', () => {
  it('three people each decode the two others through Janus; one who leaves is gone for the rest', async () => {
    const joined = new Map<string, SfuRoom>();
    for (const who of everyone) joined.set(who, await join('sfu-three', who));
    for (const [who, room] of joined) await expect.poll(() => seen(room), { timeout: 30_000 }).toEqual(others(who));
    // Three layers leave Ana's publisher (simulcast), each an encoding of its own.
    const ana = joined.get('ana')!;
    const layers = ana.publisher.pc
      .getSenders()
      .find((s) => s.track?.kind === 'video')
      ?.getParameters().encodings;
    expect(layers?.map((e) => e.rid)).toEqual(['h', 'm', 'l']);
    // Opus DTX asked in the offer and granted in Janus's answer: silence costs almost nothing to send.
    expect(ana.publisher.pc.remoteDescription?.sdp).toMatch(/a=fmtp:\d+ .*usedtx=1/);

    await joined.get('cy')!.leave();
    rooms.splice(rooms.indexOf(joined.get('cy')!), 1);
    for (const who of ['ana', 'ben'])
      await expect
        .poll(() => [...joined.get(who)!.remotes.values()].map((r) => r.display))
        .toEqual(others(who).filter((n) => n !== 'cy'));
    await expect.poll(() => commands.janusParticipants('sfu-three')).toEqual(expect.arrayContaining(['ana', 'ben']));
    expect(await commands.janusParticipants('sfu-three')).not.toContain('cy');
  }, 90_000);

  it('leaving while a subscription is still being set up says nothing and leaves no connection open', async () => {
    // The relay switch leaves the old room while it may still be subscribing to someone: Janus's
    // socket closes under that subscription's "start", which is ours, not a problem to show.
    const problems: string[] = [];
    const admission = await commands.janusAdmit('sfu-leave');
    let subscribing: () => void = () => undefined;
    // Fay leaves the moment her connection receiving Gus exists, before its "start" is answered.
    const leaving = new Promise<void>((resolve) => (subscribing = resolve)).then(() => fay.leave());
    const made: RTCPeerConnection[] = [];
    const fay: SfuRoom = await joinSfuRoom({
      admission,
      display: 'fay',
      stream: await media(160, 120),
      rtc: {},
      onProblem: (problem) => problems.push(problem),
      onConnection: (who, pc) => {
        made.push(pc);
        if (who !== 'publisher') subscribing();
      },
    });
    const gus = await join('sfu-leave', 'gus');
    await leaving;
    await gus.leave();
    rooms.splice(rooms.indexOf(gus), 1);
    expect(problems).toEqual([]);
    expect(made.map((pc) => pc.signalingState)).toEqual(['closed', 'closed']);
  }, 60_000);

  it('with Relay only, a person reaches Janus through coturn and still decodes everyone', async () => {
    const relayOnly: RTCConfiguration = { iceServers: [relay], iceTransportPolicy: 'relay' };
    const dan = await join('sfu-relay', 'dan', relayOnly);
    const eve = await join('sfu-relay', 'eve');
    await expect.poll(() => seen(dan), { timeout: 30_000 }).toEqual(['eve']);
    await expect.poll(() => seen(eve), { timeout: 30_000 }).toEqual(['dan']);
    expect(await localType(dan.publisher.pc)).toBe('relay');
    expect(await localType([...dan.remotes.values()][0]!.subscriber.pc)).toBe('relay');
    expect(await localType(eve.publisher.pc)).not.toBe('relay');
  }, 90_000);
});
