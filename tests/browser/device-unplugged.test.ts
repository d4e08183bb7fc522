/**
 * A device in use goes away mid-call, in real Chromium with its fake devices
 * (three microphones, three speakers, one camera), over the mesh Room with
 * in-memory signaling. A fake device cannot be unplugged, so the call is given
 * the device list through its `enumerate` port (product code uses
 * navigator.mediaDevices.enumerateDevices there) with the chosen device left
 * out, and a real `devicechange` event is dispatched on navigator.mediaDevices.
 * The call must then send the default microphone on the same sender (no offer
 * or answer), move the sound to the default speaker, and say so.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { deviceWords } from '../../shared/device-words';
import type { SignalData } from '../../shared/signaling';
import type { StatsRecord } from '../../shared/stats';
import { CallMedia } from '../../renderer/src/call/call-media';
import type { Room, RoomEvents } from '../../renderer/src/call/room';
import type { LinkState, MediaLink } from '../../renderer/src/call/link';
import { until } from './leak-watch';
import { Hub } from './memory-hub';
import { joinMediaRoom } from './media-room';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Person {
  room: Room;
  media: CallMedia;
  links: Map<string, LinkState>;
  sent: SignalData[];
  notices: string[];
  /** Device ids the call's device list leaves out from now on: "unplugged". */
  unplugged: Set<string>;
  /** The speaker the person chose ('' = the system default), and what the call moved it to. */
  speaker: { deviceId: string; label: string };
  speakerMoves: string[];
  /** The last device list the call asked for (awaited to know a check has run). */
  lastList: Promise<MediaDeviceInfo[]> | null;
}

async function person(hub: Hub, name: string): Promise<Person> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 160, height: 120 } });
  cleanups.push(() => stream.getTracks().forEach((t) => t.stop()));
  const p = {
    links: new Map(),
    sent: [],
    notices: [],
    unplugged: new Set(),
    speaker: { deviceId: '', label: '' },
    speakerMoves: [],
    lastList: null,
  } as Omit<Person, 'room' | 'media'>;
  const events: RoomEvents = {
    signaling: () => undefined,
    peerAdded: () => undefined,
    peerRemoved: (id) => p.links.delete(id),
    linkState: (id, state) => p.links.set(id, state),
    remoteStream: () => undefined,
    remoteScreen: () => undefined,
    diagnostics: () => undefined,
    problem: (message) => p.notices.push(message),
    relayRefused: () => undefined,
  };
  const media = new CallMedia(stream, {
    initial: { muted: false, cameraOff: false },
    events: {
      peerMedia: () => undefined,
      sharing: () => undefined,
      localTrack: () => undefined,
      devicesChanged: () => undefined,
      notice: (message) => p.notices.push(message),
      // As the store does: the choice follows the fallback.
      speakerFallback: (deviceId) => {
        p.speakerMoves.push(deviceId);
        p.speaker = { deviceId, label: '' };
      },
    },
    speaker: () => p.speaker,
    enumerate: () =>
      (p.lastList = navigator.mediaDevices
        .enumerateDevices()
        .then((list) => list.filter((d) => !p.unplugged.has(d.deviceId)))),
  });
  const room = await joinMediaRoom({
    hub,
    name,
    stream,
    events,
    media,
    sent: p.sent,
    cleanup: (close) => cleanups.push(close),
  });
  return Object.assign(p, { room, media });
}

async function listed(kind: MediaDeviceKind, label: string): Promise<MediaDeviceInfo> {
  const device = (await navigator.mediaDevices.enumerateDevices()).find((d) => d.kind === kind && d.label === label);
  if (!device) throw new Error(`Chromium lists no ${kind} "${label}"`);
  return device;
}

/** The track a link's audio sender sends now, from its own stats (outbound-rtp → media-source). */
async function sentAudioTrack(link: MediaLink): Promise<string | undefined> {
  const records: StatsRecord[] = await link.stats();
  const outbound = records.find((r) => r.type === 'outbound-rtp' && r.kind === 'audio');
  const source = records.find((r) => r.id === outbound?.mediaSourceId);
  return typeof source?.trackIdentifier === 'string' ? source.trackIdentifier : undefined;
}

async function audioPacketsReceived(link: MediaLink): Promise<number> {
  const records: StatsRecord[] = await link.stats();
  const inbound = records.find((r) => r.type === 'inbound-rtp' && r.kind === 'audio');
  return typeof inbound?.packetsReceived === 'number' ? inbound.packetsReceived : 0;
}

/** Polls an async check. */
async function untilAsync(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const descriptions = (p: Person) => p.sent.filter((d) => 'description' in d).length;

const unplug = (p: Person, ...ids: string[]) => {
  for (const id of ids) p.unplugged.add(id);
  navigator.mediaDevices.dispatchEvent(new Event('devicechange'));
};

describe('a device unplugged mid-call', () => {
  it('the chosen microphone and speaker go away: the default ones take over on the same sender, and the person is told', async () => {
    const hub = new Hub();
    const ana = await person(hub, 'Ana');
    const ben = await person(hub, 'Ben');
    await until(() => ben.links.get(ana.room.id) === 'connected', 'Ana and Ben connected');
    await until(() => ana.links.get(ben.room.id) === 'connected', 'Ben and Ana connected');
    const mic2 = await listed('audioinput', 'Fake Audio Input 2');
    const out1 = await listed('audiooutput', 'Fake Audio Output 1');
    const chosen = await ana.media.devices.use('audio', mic2.deviceId);
    ana.speaker = { deviceId: out1.deviceId, label: out1.label };
    const [anaLink] = ana.room.connections();
    const [benLink] = ben.room.connections();
    await untilAsync(async () => (await sentAudioTrack(anaLink!)) === chosen.id, 'Ana sends Fake Audio Input 2');
    const before = { ana: descriptions(ana), ben: descriptions(ben) };

    unplug(ana, mic2.deviceId, out1.deviceId);

    await until(() => ana.notices.length > 0, 'Ana is told');
    expect(ana.notices).toEqual([
      [
        deviceWords.replaced('microphone', 'Fake Audio Input 2', 'unlisted', 'Fake Default Audio Input'),
        deviceWords.replaced('speaker', 'Fake Audio Output 1', 'unlisted', 'Fake Default Audio Output'),
      ].join(' '),
    ]);
    const now = ana.media.devices.current('audio')!;
    expect(now).not.toBe(chosen);
    expect(now.getSettings().deviceId).toBe('default');
    expect(chosen.readyState).toBe('ended');
    expect(ana.speakerMoves).toEqual(['']);
    // The same sender sends the default microphone: replaceTrack, no offer or answer either way.
    await untilAsync(async () => (await sentAudioTrack(anaLink!)) === now.id, 'Ana sends the default microphone');
    const heard = await audioPacketsReceived(benLink!);
    await untilAsync(async () => (await audioPacketsReceived(benLink!)) > heard + 20, 'Ben keeps receiving her audio');
    expect({ ana: descriptions(ana), ben: descriptions(ben) }).toEqual(before);

    // Another devicechange with nothing new gone changes nothing and says nothing more.
    const previous = ana.lastList;
    unplug(ana);
    await until(() => ana.lastList !== previous, 'the list asked again');
    await ana.lastList;
    await new Promise((resolve) => setTimeout(resolve, 0)); // the check's own continuation
    expect(ana.media.devices.current('audio')).toBe(now);
    expect(ana.notices).toHaveLength(1);
  });

  it('the only camera goes away: nothing to fall back to, and the person is told to connect one', async () => {
    const hub = new Hub();
    const ana = await person(hub, 'Ana');
    const camera = ana.media.devices.current('video')!;
    unplug(ana, camera.getSettings().deviceId!);
    await until(() => ana.notices.length > 0, 'Ana is told');
    expect(ana.notices).toEqual([deviceWords.noneLeft('camera', camera.label, 'unlisted')]);
    expect(ana.media.devices.current('video')).toBe(camera);
  });
});
