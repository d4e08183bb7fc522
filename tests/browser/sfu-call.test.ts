/**
 * A whole Call on Janus (real Janus, our signaling server, real Chromium, a real coturn): the
 * join's answer puts the room on the SFU (every room, here: meshMax 0), and the Call drives
 * SfuLinks as it drives the mesh Room. Each person decodes the others through Janus under their
 * ids; the diagnostics hold "Your upload to the SFU" and one downlink per person; Relay only
 * (from the start, and switched on mid-call) republishes through coturn and everyone is still seen;
 * leave() leaves no connection open.
 */
import { commands } from 'vitest/browser';
import { describe, expect, it, onTestFailed } from 'vitest';
import { UPLINK_ID } from '../../renderer/src/call/sfu/sfu-links';
import { made, openConnections } from './leak-watch';
import { sfuCallsForFile, seen, uplinkType, type SfuJoinOptions } from './sfu-people';

const calls = sfuCallsForFile(0);

const join = (room: string, name: string, relayOnly = false, options: SfuJoinOptions = {}) =>
  calls.join(room, name, relayOnly, options);

describe('a Call on Janus (SfuLinks)', () => {
  it('three people decode each other through Janus, with an uplink and a downlink per person in the diagnostics', async () => {
    const room = `sfu-call-${Math.random().toString(36).slice(2, 8)}`;
    const ana = await join(room, 'Ana');
    const ben = await join(room, 'Ben');
    const cy = await join(room, 'Cy', true);
    const all = { Ana: ana, Ben: ben, Cy: cy };
    for (const [name, p] of Object.entries(all)) {
      const others = Object.keys(all).filter((n) => n !== name);
      await expect.poll(() => seen(p), { timeout: 30_000, message: `${name} sees` }).toEqual(others);
      // Tiles are named by people: each remote stream is under a person's id, none under a feed.
      expect([...p.streams.keys()].map((id) => p.names.get(id)).sort()).toEqual(others);
      expect(p.diagnostics[UPLINK_ID]?.name).toBe('Your upload to the SFU');
    }
    await expect.poll(() => uplinkType(cy), { timeout: 15_000 }).toBe('relay');
    expect(cy.diagnostics[UPLINK_ID]?.latest?.path?.local.url).toContain(
      calls.relay().urls.replace(/\?.*/, '').slice(5),
    );
    expect(uplinkType(ana)).not.toBe('relay');
    // The candidate tables: ours as trickled to Janus, Janus's from the stats (it puts them in its SDP).
    expect(ana.diagnostics[UPLINK_ID]?.candidates.some((c) => c.direction === 'sent')).toBe(true);
    expect(ana.diagnostics[UPLINK_ID]?.latest?.remoteCandidates.length).toBeGreaterThan(0);

    // Relay only switched on mid-call: Ana republishes through coturn; everyone still sees everyone.
    ana.call.setRelayOnly(true);
    await expect.poll(() => uplinkType(ana), { timeout: 30_000 }).toBe('relay');
    // Her old feed left the room once the new one was up: one publisher per person.
    await expect.poll(async () => (await commands.janusParticipants(room)).length).toBe(3);
    for (const p of [ben, cy]) await expect.poll(() => seen(p), { timeout: 30_000 }).toContain('Ana');
    expect(ana.problems).toEqual([]);
    // Her downlinks were made again with Relay only too: their diagnostics speak for the new ones
    // (session, policy, and a candidate table of relay candidates only), not for those she left.
    const uplinkSession = ana.diagnostics[UPLINK_ID]?.session;
    for (const other of [ben, cy]) {
      const downlink = () => ana.diagnostics[other.call.id];
      await expect
        .poll(() => downlink()?.policy, { timeout: 10_000, message: `Ana's downlink of ${other.call.id}` })
        .toBe('relay');
      expect(downlink()?.session).toBe(uplinkSession);
      const gathered = downlink()!.candidates.filter((c) => c.direction === 'sent' && c.session === uplinkSession);
      expect(gathered.length).toBeGreaterThan(0);
      expect(gathered.map((c) => c.parsed?.type)).toEqual(gathered.map(() => 'relay'));
    }

    // Someone who comes after the switch: Ana's record of them begins with their first connection, in her new session.
    const dan = await join(room, 'Dan');
    await expect.poll(() => seen(ana), { timeout: 30_000 }).toContain('Dan');
    const danOnAna = ana.diagnostics[dan.call.id]!;
    const first = danOnAna.setups.find((s) => s.session === danOnAna.session);
    expect(first?.policy).toBe('relay');
    expect(first?.marks['dtls-connected']).toBeGreaterThan(0);

    await Promise.all(calls.people.splice(0).map((p) => p.call.leave()));
    const open = () =>
      openConnections().map(
        (pc) =>
          `${pc.connectionState}/${pc.signalingState}/${pc
            .getTransceivers()
            .map((t) => t.direction)
            .join(',')}`,
      );
    await expect.poll(open).toEqual([]);
  }, 120_000);

  it('Relay only that cannot connect (its TURN server does not answer): the call stays whole on the path it had', async () => {
    const room = `sfu-norelay-${Math.random().toString(36).slice(2, 8)}`;
    const dead: RTCIceServer = { urls: 'turn:127.0.0.1:9?transport=udp', username: 'nobody', credential: 'none' };
    const ana = await join(room, 'Ana', false, { relay: dead, switchTimeoutMs: 3_000 });
    const ben = await join(room, 'Ben');
    await expect.poll(() => seen(ana), { timeout: 30_000 }).toEqual(['Ben']);
    ana.call.setRelayOnly(true);
    await expect
      .poll(() => ana.problems.join('\n'), { timeout: 20_000 })
      .toMatch(/^Relay only could not be established with the SFU/m);
    // The half-made republish left Janus (one publisher each), and Ana still decodes Ben on the path in use.
    await expect.poll(async () => (await commands.janusParticipants(room)).length, { timeout: 10_000 }).toBe(2);
    await expect.poll(() => seen(ana), { timeout: 10_000 }).toEqual(['Ben']);
    expect(ana.diagnostics[ben.call.id]?.policy).toBe('all');
    // Her tile of Ben says the state of the connection in use, not of the one that never connected.
    await expect.poll(() => ana.states.get(ben.call.id)?.at(-1)).toBe('connected');
    // Someone who comes after the failed switch is seen too: the room in use still speaks for everyone.
    await join(room, 'Cy');
    await expect.poll(() => seen(ana), { timeout: 30_000 }).toEqual(['Ben', 'Cy']);
  }, 120_000);

  it('on Janus too: mute and camera off reach everyone (newcomers as they join), and another camera replaces the sent one', async () => {
    const room = `sfu-media-${Math.random().toString(36).slice(2, 8)}`;
    const ana = await join(room, 'Ana');
    const ben = await join(room, 'Ben');
    await expect.poll(() => seen(ben), { timeout: 30_000 }).toEqual(['Ana']);
    ana.call.media.setSwitches(true, false);
    await expect.poll(() => ben.heard.get(ana.call.id)).toEqual({ muted: true, cameraOff: false, screen: null });
    ben.call.media.setSwitches(false, true);
    await expect.poll(() => ana.heard.get(ben.call.id)?.cameraOff).toBe(true);
    // Cy comes later: the two states already set reach him without anyone changing them again.
    const cy = await join(room, 'Cy');
    await expect.poll(() => cy.heard.get(ana.call.id)?.muted).toBe(true);
    await expect.poll(() => cy.heard.get(ben.call.id)?.cameraOff).toBe(true);

    // Ana picks another camera: her publisher sends the new track, and Cy still decodes her.
    const next = await ana.call.media.devices.use('video', 'another');
    const sending = made.filter(
      (pc) => pc.connectionState !== 'closed' && pc.getSenders().some((s) => s.track === next),
    );
    expect(sending).toHaveLength(1);
    await expect.poll(() => seen(cy), { timeout: 30_000 }).toContain('Ana');
    for (const p of [ana, ben, cy]) expect(p.problems).toEqual([]);
  }, 120_000);

  it('Janus restarts mid-call: every tile says Reconnecting, and the call is back on its own with everyone decoding', async () => {
    const room = `sfu-restart-${Math.random().toString(36).slice(2, 8)}`;
    const ana = await join(room, 'Ana');
    const ben = await join(room, 'Ben');
    const pair = [
      { p: ana, other: ben },
      { p: ben, other: ana },
    ];
    for (const { p } of pair) await expect.poll(() => seen(p), { timeout: 30_000 }).toHaveLength(1);
    const before = new Map(pair.map(({ p, other }) => [p, p.streams.get(other.call.id)]));
    // What each panel (and tile) shows of the connection before the restart: none of it may stand for the new one.
    const statsBefore = new Map(pair.map(({ p, other }) => [p, p.diagnostics[other.call.id]!]));

    onTestFailed(() =>
      console.log(
        pair.map(({ p }) => ({
          states: Object.fromEntries(p.states),
          problems: p.problems,
          streams: [...p.streams.keys()],
        })),
      ),
    );
    const killed = performance.now();
    await commands.restartJanus();
    const back: number[] = [];
    for (const { p, other } of pair) {
      const id = other.call.id;
      // A new subscription (its own stream) that is connected and decoding.
      await expect
        .poll(() => p.streams.get(id) !== before.get(p) && p.states.get(id)?.at(-1) === 'connected', {
          timeout: 20_000,
        })
        .toBe(true);
      // The new connection is a session of its own, and its figures are its own, not the old one's.
      expect(p.diagnostics[id]?.session).toBeGreaterThan(statsBefore.get(p)!.session);
      expect(p.diagnostics[id]?.latest).not.toBe(statsBefore.get(p)!.latest);
      await expect.poll(() => (p.diagnostics[id]?.latest?.video.fps ?? 0) > 0, { timeout: 10_000 }).toBe(true);
      back.push(performance.now() - killed);
      expect(p.states.get(id)).toContain('reconnecting');
      expect(p.states.get(id)).not.toContain('failed');
      expect(p.problems).toEqual([
        expect.stringMatching(/^The group-call server \(Janus at ws:\/\/127\.0\.0\.1:\d+\) closed the connection/),
      ]);
      expect(p.news).toEqual(['Back on the group-call server (Janus): the call goes on.']);
    }
    console.log(`Janus restart: both decoding again ${back.map((ms) => Math.round(ms)).join(' / ')} ms after the stop`);
    // How soon is a figure to print, not to assert (issue 20's 10 s): the polls above only cap the wait.
    expect(await commands.janusParticipants(room)).toHaveLength(2);
  }, 120_000);
});
