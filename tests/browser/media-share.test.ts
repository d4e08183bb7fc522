/**
 * Call media over the mesh Room in real Chromium (in-memory signaling): a
 * screen share reaches a person who joins while it runs as its own stream,
 * and ends for everyone; a camera switched mid-call reaches the other side on
 * the same sender with no offer or answer; media state travels as a `media` signal.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { MediaState, SignalData } from '../../shared/signaling';
import { CallMedia } from '../../renderer/src/call/call-media';
import type { Room, RoomEvents } from '../../renderer/src/call/room';
import type { LinkState } from '../../renderer/src/call/peer-link';
import { until } from './leak-watch';
import { Hub } from './memory-hub';
import { joinMediaRoom } from './media-room';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A canvas drawing one colour: a stand-in picture whose colour the other side can read back. */
function canvasTrack(colour: string, width = 320, height = 180): MediaStreamTrack {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d')!;
  const timer = setInterval(() => {
    ctx.fillStyle = colour;
    ctx.fillRect(0, 0, width, height);
  }, 30);
  const track = canvas.captureStream(20).getVideoTracks()[0]!;
  cleanups.push(() => {
    clearInterval(timer);
    track.stop();
  });
  return track;
}

interface Person {
  room: Room;
  media: CallMedia;
  links: Map<string, LinkState>;
  cameras: Map<string, MediaStream>;
  screens: Map<string, MediaStream | null>;
  heard: Map<string, MediaState>;
  sent: SignalData[];
  problems: string[];
}

async function person(hub: Hub, name: string): Promise<Person> {
  const audio = (await navigator.mediaDevices.getUserMedia({ audio: true })).getAudioTracks()[0]!;
  const stream = new MediaStream([audio, canvasTrack('rgb(0,200,0)')]);
  cleanups.push(() => stream.getTracks().forEach((t) => t.stop()));
  const p = {
    links: new Map(),
    cameras: new Map(),
    screens: new Map(),
    heard: new Map(),
    sent: [],
    problems: [],
  } as Omit<Person, 'room' | 'media'>;
  const events: RoomEvents = {
    signaling: () => undefined,
    peerAdded: () => undefined,
    peerRemoved: (id) => p.links.delete(id),
    linkState: (id, state) => p.links.set(id, state),
    remoteStream: (id, s) => p.cameras.set(id, s),
    remoteScreen: (id, s) => p.screens.set(id, s),
    diagnostics: () => undefined,
    problem: (message) => p.problems.push(message),
    relayRefused: () => undefined,
  };
  const media = new CallMedia(stream, {
    initial: { muted: false, cameraOff: false },
    events: {
      peerMedia: (id, state) => p.heard.set(id, state),
      sharing: () => undefined,
      localTrack: () => undefined,
      devicesChanged: () => undefined,
      notice: (message) => p.problems.push(message),
    },
    capture: () => Promise.resolve(new MediaStream([canvasTrack('rgb(0,0,220)', 640, 360)])),
    open: async (kind) =>
      kind === 'video'
        ? canvasTrack('rgb(128,128,128)')
        : (await navigator.mediaDevices.getUserMedia({ audio: true })).getAudioTracks()[0]!,
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

/** Polls an async check (leak-watch's `until` takes a synchronous one). */
async function untilAsync(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const descriptions = (p: Person) => p.sent.filter((d) => 'description' in d).length;

/** The mean colour of one video track, read through a <video>. */
async function colourOf(track: MediaStreamTrack): Promise<[number, number, number]> {
  const video = document.createElement('video');
  video.muted = true;
  video.srcObject = new MediaStream([track]);
  await video.play();
  const canvas = document.createElement('canvas');
  canvas.width = 16;
  canvas.height = 9;
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(video, 0, 0, 16, 9);
  const d = ctx.getImageData(0, 0, 16, 9).data;
  video.srcObject = null;
  return [d[0]!, d[1]!, d[2]!];
}

describe('call media over the mesh', () => {
  it('a share reaches someone who joins during it, as its own stream beside the camera, and ends for everyone', async () => {
    const hub = new Hub();
    const ana = await person(hub, 'Ana');
    const ben = await person(hub, 'Ben');
    await until(() => ben.links.get(ana.room.id) === 'connected', 'Ana and Ben connected');
    await ana.media.screen.start();
    const cy = await person(hub, 'Cy');
    for (const viewer of [ben, cy]) {
      await until(() => viewer.links.get(ana.room.id) === 'connected', 'connected to Ana');
      await until(() => viewer.screens.get(ana.room.id)?.getVideoTracks().length === 1, 'the share arrived');
      expect(viewer.heard.get(ana.room.id)?.screen).toBe(ana.media.state.screen);
      const share = viewer.screens.get(ana.room.id)!;
      const camera = viewer.cameras.get(ana.room.id)!;
      expect(share.id).toBe(ana.media.state.screen);
      expect(camera.getVideoTracks()).toHaveLength(1);
      expect(camera.getVideoTracks()[0]).not.toBe(share.getVideoTracks()[0]);
      await until(() => !share.getVideoTracks()[0]!.muted, 'share frames flowing');
    }
    expect(ana.problems).toEqual([]);
    const cameraTrack = (viewer: Person) => viewer.cameras.get(ana.room.id)?.getVideoTracks()[0];
    const cameraBefore = new Map([ben, cy].map((viewer) => [viewer, cameraTrack(viewer)]));
    ana.media.screen.stop();
    for (const viewer of [ben, cy]) {
      await until(() => viewer.heard.get(ana.room.id)?.screen === null, 'told the share ended');
      await until(() => viewer.screens.get(ana.room.id) === null, 'the share stream is gone');
      expect(viewer.cameras.get(ana.room.id)?.getVideoTracks()).toHaveLength(1);
      // Her camera tile keeps her camera: the ended share's track never takes its place.
      expect(cameraTrack(viewer)).toBe(cameraBefore.get(viewer));
      await untilAsync(async () => (await colourOf(cameraTrack(viewer)!))[1] > 150, 'her camera still shows');
    }
  });

  it('a camera switched mid-call replaces the track on the same sender: no offer or answer, mute state carried over', async () => {
    const hub = new Hub();
    const ana = await person(hub, 'Ana');
    const ben = await person(hub, 'Ben');
    await until(() => ben.links.get(ana.room.id) === 'connected', 'connected');
    const received = () => ben.cameras.get(ana.room.id)!.getVideoTracks()[0]!;
    await until(() => !received().muted, 'camera frames');
    await untilAsync(async () => (await colourOf(received()))[1] > 150, 'green picture');
    ana.media.setSwitches(true, false);
    await until(() => ben.heard.get(ana.room.id)?.muted === true, 'Ben hears Ana is muted');
    const before = { ana: descriptions(ana), ben: descriptions(ben) };
    const oldTrack = ana.media.devices.current('video')!;
    const next = await ana.media.devices.use('video', 'second');
    expect(oldTrack.readyState).toBe('ended');
    expect(ana.media.devices.current('video')).toBe(next);
    await untilAsync(async () => {
      const [r, g, b] = await colourOf(received());
      return Math.abs(r - g) < 20 && Math.abs(g - b) < 20 && r > 80;
    }, 'grey picture from the new camera');
    const audio = ana.media.devices.current('audio')!;
    expect(audio.enabled).toBe(false);
    const mic = await ana.media.devices.use('audio', 'second');
    expect(mic.enabled, 'still muted after the switch').toBe(false);
    expect({ ana: descriptions(ana), ben: descriptions(ben) }).toEqual(before);
  });
});
