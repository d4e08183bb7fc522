import { describe, expect, it } from 'vitest';
import { defaultSettings, iceUrlProblem, settingsPatchSchema, settingsSchema } from '../../shared/config';
import { joinRequestSchema, outgoingSignalSchema, MAX_SDP_BYTES } from '../../shared/signaling';
import { ipcContract } from '../../shared/ipc';

describe('settings schema', () => {
  it("defaults to the seed's manual STUN list, 1 h TTL, calls on, relay off, embedded signaling", () => {
    const s = defaultSettings();
    expect(s.enabled).toBe(true);
    expect(s.ice.mode).toBe('manual');
    expect(s.ice.ttlSeconds).toBe(3600);
    expect(s.ice.servers.map((x) => x.urls)).toEqual(['stun:stun.cloudflare.com:3478', 'stun:stun.l.google.com:19302']);
    expect(s.relayOnly).toBe(false);
    expect(s.signalingUrl).toBe('');
  });

  it.each([
    ['stun:stun.example.org', null],
    ['stun:stun.example.org:3478', null],
    ['turn:turn.example.org:3478?transport=udp', null],
    ['turns:turn.example.org:5349?transport=tcp', null],
    ['turn:[2001:db8::1]:3478', null],
    ['http://example.org', 'is not a STUN/TURN URL'],
    ['turn:example.org:70000', 'outside 1-65535'],
    ['turn:example.org:3478?transport=sctp', 'is not a STUN/TURN URL'],
    ['stun:example.org:3478?transport=udp', 'only applies to turn'],
    ['stun:', 'is not a STUN/TURN URL'],
  ])('ICE URL %s', (url, problem) => {
    const found = iceUrlProblem(url);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toContain(problem);
  });

  it('refuses a TTL over the 48 h Cloudflare cap and a bad signaling URL', () => {
    expect(settingsSchema.safeParse({ ice: { ttlSeconds: 172_801 } }).success).toBe(false);
    expect(settingsSchema.safeParse({ ice: { ttlSeconds: 172_800 } }).success).toBe(true);
    expect(settingsSchema.safeParse({ signalingUrl: 'ftp://x' }).success).toBe(false);
    expect(settingsSchema.safeParse({ signalingUrl: 'https://signal.example.org' }).success).toBe(true);
  });

  it('patches refuse unknown keys', () => {
    expect(settingsPatchSchema.safeParse({ relayOnly: true }).success).toBe(true);
    expect(settingsPatchSchema.safeParse({ evil: 1 }).success).toBe(false);
  });
});

describe('signaling contract', () => {
  it('accepts a normal join and trims names', () => {
    expect(joinRequestSchema.parse({ room: ' standup ', name: ' Ana ' })).toEqual({ room: 'standup', name: 'Ana' });
  });

  it.each([
    [{ room: '', name: 'Ana' }],
    [{ room: 'a'.repeat(65), name: 'Ana' }],
    [{ room: 'ok', name: '' }],
    [{ room: 'x<script>', name: 'Ana' }],
    [{ room: 'ok', name: 'Ana', extra: 1 }],
    ['join'],
    [null],
  ])('refuses join %j', (payload) => {
    expect(joinRequestSchema.safeParse(payload).success).toBe(false);
  });

  it('accepts descriptions and candidates addressed to one peer, nothing else', () => {
    expect(
      outgoingSignalSchema.safeParse({ to: 'p1', data: { description: { type: 'offer', sdp: 'v=0' } } }).success,
    ).toBe(true);
    expect(
      outgoingSignalSchema.safeParse({
        to: 'p1',
        data: { candidate: { candidate: 'candidate:1 1 udp 1 1.2.3.4 5 typ host', sdpMid: '0', sdpMLineIndex: 0 } },
      }).success,
    ).toBe(true);
    expect(
      outgoingSignalSchema.safeParse({
        to: 'p1',
        data: { description: { type: 'offer', sdp: 'x'.repeat(MAX_SDP_BYTES + 1) } },
      }).success,
    ).toBe(false);
    expect(
      outgoingSignalSchema.safeParse({ to: 'p1', data: { description: { type: 'bogus', sdp: '' } } }).success,
    ).toBe(false);
    expect(outgoingSignalSchema.safeParse({ to: 'p1', data: { both: 1 } }).success).toBe(false);
    expect(outgoingSignalSchema.safeParse({ data: { candidate: null } }).success).toBe(false);
  });
});

describe('IPC contract', () => {
  it('every channel has a request and a response schema', () => {
    for (const [channel, { request, response }] of Object.entries(ipcContract)) {
      expect(typeof request.safeParse, channel).toBe('function');
      expect(typeof response.safeParse, channel).toBe('function');
    }
  });
});
