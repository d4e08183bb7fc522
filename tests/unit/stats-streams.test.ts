/**
 * Each video stream of a link as its own row (issue 16: "the diagnostics panel lists [the share]
 * as its own stream with resolution, fps and bitrate"), on reports recorded from a real Chromium
 * call where one side sends its camera and a screen share (tests/fixtures/record-share-stats.ts).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { snapshot, type ConnectionSnapshot, type StatsRecord } from '../../shared/stats';
import { outboundVideo } from '../../shared/stats-outbound';
import {
  linkStreams,
  receivedVideoWords,
  sentVideoWords,
  streamNote,
  streamRows,
  streamWords,
  type KnownTracks,
  type StreamRow,
} from '../../shared/stats-streams';
import { buildReport } from '../../shared/report';
import { emptyDiagnostics, type PeerDiagnostics } from '../../shared/diagnostics';

interface Fixture {
  tracks: {
    sender: { sentCamera: string; sentScreen: string; shownCamera: string };
    receiver: { sentCamera: string; shown: { camera: string; screen: string } };
  };
  sender: [StatsRecord[], StatsRecord[], StatsRecord[]];
  receiver: [StatsRecord[], StatsRecord[], StatsRecord[]];
}

const data = JSON.parse(
  readFileSync(new URL('../fixtures/stats/camera-and-share.json', import.meta.url), 'utf8'),
) as Fixture;

/** The snapshots one side's poller would have made from its three reports. */
function snapshots(reports: readonly StatsRecord[][]): ConnectionSnapshot[] {
  const out: ConnectionSnapshot[] = [];
  for (const records of reports) out.push(snapshot(records, out.at(-1) ?? null));
  return out;
}

const [, sharingLater, stopped] = snapshots(data.sender) as [
  ConnectionSnapshot,
  ConnectionSnapshot,
  ConnectionSnapshot,
];
const [watching, watchingLater, afterShare] = snapshots(data.receiver) as [
  ConnectionSnapshot,
  ConnectionSnapshot,
  ConnectionSnapshot,
];

/** What Ana's call knows while she shares: her camera's track, and that she is sharing. */
const ana = (share: boolean): KnownTracks => ({
  received: { camera: data.tracks.sender.shownCamera, screen: null },
  sentCamera: data.tracks.sender.sentCamera,
  sharing: share,
  theirCameraOff: false,
  ourCameraOff: false,
});
/** What Ben's call knows: the tracks his tiles of Ana show (no share tile once it stopped). */
const ben = (shown: { camera: string | null; screen: string | null }): KnownTracks => ({
  received: shown,
  sentCamera: data.tracks.receiver.sentCamera,
  sharing: false,
  theirCameraOff: false,
  ourCameraOff: false,
});

describe('outbound video per sent track', () => {
  it('finds the camera and the share apart, each with its media-source track, size and frame rate', () => {
    const sent = outboundVideo(data.sender[0]);
    expect(sent.map((v) => v.trackId).sort()).toEqual(
      [data.tracks.sender.sentCamera, data.tracks.sender.sentScreen].sort(),
    );
    const screen = sent.find((v) => v.trackId === data.tracks.sender.sentScreen);
    expect([screen?.frameWidth, screen?.frameHeight]).toEqual([1280, 720]);
    const camera = sent.find((v) => v.trackId === data.tracks.sender.sentCamera);
    expect([camera?.frameWidth, camera?.frameHeight]).toEqual([640, 360]);
    // A first report has no interval: Chromium's own frame rate, and no bitrate yet.
    const record = data.sender[0].find((r) => r.id === camera?.id);
    expect(camera?.fps).toBe(record?.framesPerSecond);
    expect(camera?.fps).toBeGreaterThan(0);
    expect(camera?.kbps).toBeNull();
  });

  it('computes kbit/s from bytesSent and fps from frames sent between two reports', () => {
    const screen = sharingLater.sentVideo.find((v) => v.trackId === data.tracks.sender.sentScreen)!;
    const records = (i: number) => data.sender[i]!.find((r) => r.id === screen.id)!;
    const ms = (records(1).timestamp as number) - (records(0).timestamp as number);
    const bytes = (records(1).bytesSent as number) - (records(0).bytesSent as number);
    expect(screen.kbps).toBeCloseTo((bytes * 8) / ms, 3);
    const frames = (records(1).framesSent as number) - (records(0).framesSent as number);
    expect(screen.fps).toBeCloseTo((frames * 1000) / ms, 3);
    expect(screen.kbps).toBeGreaterThan(100);
  });

  it('a stopped share keeps its outbound-rtp, with no track behind it and nothing flowing', () => {
    const old = stopped.sentVideo.find((v) => v.frameWidth === 1280)!;
    expect(old.trackId).toBeNull();
    expect(old.kbps).toBe(0);
    expect(old.fps).toBe(0);
  });
});

describe('stream rows, named by the tracks the call shows and sends', () => {
  it("Ben's panel lists Ana's camera and Ana's screen, each at its own size, and Your camera", () => {
    const rows = streamRows(watchingLater, 'Ana', ben(data.tracks.receiver.shown));
    expect(rows.map((r) => r.name)).toEqual(["Ana's camera", "Ana's screen", 'Your camera']);
    const screen = rows.find((r) => r.name === "Ana's screen")!;
    expect([screen.frameWidth, screen.frameHeight]).toEqual([1280, 720]);
    expect(screen.kbps).toBeGreaterThan(100);
    expect(screen.fps).toBeGreaterThan(5);
    expect(rows.find((r) => r.name === "Ana's camera")?.frameWidth).toBe(640);
    expect(rows.find((r) => r.name === 'Your camera')?.direction).toBe('sent');
  });

  it("Ana's panel lists Your camera and Your screen while she shares", () => {
    const rows = streamRows(sharingLater, 'Ben', ana(true));
    expect(rows.map((r) => r.name)).toEqual(["Ben's camera", 'Your camera', 'Your screen']);
    const screen = rows.find((r) => r.name === 'Your screen')!;
    expect([screen.frameWidth, screen.frameHeight, screen.source]).toEqual([1280, 720, 'screen']);
  });

  it('once the share stopped, neither side lists it, though Chromium still reports its stats', () => {
    expect(streamRows(stopped, 'Ben', ana(false)).map((r) => r.name)).toEqual(["Ben's camera", 'Your camera']);
    expect(
      streamRows(afterShare, 'Ana', ben({ ...data.tracks.receiver.shown, screen: null })).map((r) => r.name),
    ).toEqual(["Ana's camera", 'Your camera']);
    // Even if the call still said "sharing" for a moment, a sender with no track is nobody's screen.
    expect(streamRows(stopped, 'Ben', ana(true)).map((r) => r.name)).toEqual(["Ben's camera", 'Your camera']);
  });

  it('names our camera and share even when the self-view plays another capture than the one sent', () => {
    const elsewhere = { ...ana(true), sentCamera: 'a-preview-track-the-call-does-not-send' };
    expect(streamRows(sharingLater, 'Ben', elsewhere).map((r) => r.name)).toEqual([
      "Ben's camera",
      'Your camera',
      'Your screen',
    ]);
    const screen = streamRows(sharingLater, 'Ben', elsewhere).find((r) => r.source === 'screen');
    expect(screen?.frameWidth).toBe(1280);
    expect(streamRows(stopped, 'Ben', { ...elsewhere, sharing: false }).map((r) => r.name)).toEqual([
      "Ben's camera",
      'Your camera',
    ]);
  });

  it('on Janus, each simulcast layer of our camera is a row that names its layer', () => {
    const layers = (['h', 'm', 'l'] as const).map((rid, i) => ({
      ...{ id: `out-${rid}`, type: 'outbound-rtp', kind: 'video', rid, mediaSourceId: 'src', timestamp: 1 },
      ...{ framesSent: 10, frameWidth: 1280 / 2 ** i, frameHeight: 720 / 2 ** i, bytesSent: 1_000 },
    }));
    const records: StatsRecord[] = [
      { id: 'src', type: 'media-source', kind: 'video', trackIdentifier: 'cam' },
      // Chromium lists them in no set order (seen: m, l, h); the rows go high to low.
      ...[layers[1]!, layers[2]!, layers[0]!],
    ];
    const known = { ...ana(false), received: { camera: null, screen: null }, sentCamera: 'cam' };
    const rows = streamRows(snapshot(records, null), 'Your upload to the SFU', known);
    expect(rows.map((r) => `${r.name}: ${streamWords(r).resolution}`)).toEqual([
      'Your camera (high layer): 1280×720',
      'Your camera (medium layer): 640×360',
      'Your camera (low layer): 320×180',
    ]);
  });

  it('our upload to Janus: the Video figure is the highest layer sent now, and how many of the three go', () => {
    const row = (rid: 'h' | 'm' | 'l', height: number, fps: number | null): StreamRow => ({
      ...{ key: rid, direction: 'sent', source: 'camera', name: `Your camera (${rid})`, cameraOff: false, frames: 10 },
      ...{ frameWidth: (height * 16) / 9, frameHeight: height, fps, kbps: fps ? 100 : 0, limitedBy: 'bandwidth' },
    });
    expect(sentVideoWords([row('h', 720, 0), row('m', 360, 0), row('l', 180, 20)])).toBe(
      '320×180 @ 20 fps (1 of 3 layers)',
    );
    expect(sentVideoWords([row('h', 720, 30), row('m', 360, 30), row('l', 180, 30)])).toBe(
      '1280×720 @ 30 fps (3 of 3 layers)',
    );
    expect(sentVideoWords([row('h', 720, 0), row('m', 360, 0), row('l', 180, 0)])).toBe('none sent now');
    expect(sentVideoWords([])).toBe('–');
  });

  it('a received track the call does not show is not named after anyone', () => {
    const rows = streamRows(watching, 'Ana', ben({ camera: data.tracks.receiver.shown.camera, screen: null }));
    expect(rows.map((r) => r.name)).toEqual(["Ana's camera", 'Your camera']);
    expect(streamRows(null, 'Ana', ben(data.tracks.receiver.shown))).toEqual([]);
  });

  it('lists nothing for a person who left: their last stats describe nothing that flows', () => {
    const known = ben(data.tracks.receiver.shown);
    expect(linkStreams({ latest: watchingLater, name: 'Ana', state: 'connected' }, known)).toHaveLength(3);
    expect(linkStreams({ latest: watchingLater, name: 'Ana', state: 'closed' }, known)).toEqual([]);
  });

  it('says when a camera is off (its stream keeps running, black)', () => {
    const rows = streamRows(watchingLater, 'Ana', {
      ...ben(data.tracks.receiver.shown),
      theirCameraOff: true,
      ourCameraOff: true,
    });
    expect(rows.filter((r) => r.cameraOff).map((r) => r.name)).toEqual(["Ana's camera", 'Your camera']);
    expect(rows.map(streamNote)).toEqual(['camera off', null, 'camera off']);
    expect(streamNote({ ...rows[2]!, cameraOff: false, limitedBy: 'cpu' })).toBe('limited by CPU');
  });
});

describe('stream words', () => {
  it('gives sizes, frame rates and bitrates with units', () => {
    const screen = streamRows(watchingLater, 'Ana', ben(data.tracks.receiver.shown))[1]!;
    const words = streamWords(screen);
    expect(words.resolution).toBe('1280×720');
    expect(words.frameRate).toMatch(/^\d+ fps$/);
    expect(words.bitrate).toMatch(/^\d+ kbit\/s$|^\d+\.\d\d Mbit\/s$/);
  });

  it('never makes up a number: unknowns are a dash, and no frame yet is said', () => {
    const first = streamRows(watching, 'Ana', ben(data.tracks.receiver.shown))[0]!;
    expect(streamWords(first).bitrate).toBe('–');
    const empty = { ...first, frameWidth: null, frameHeight: null, fps: null, frames: 0 };
    expect(streamWords(empty)).toEqual({ resolution: 'no frame yet', frameRate: '–', bitrate: '–' });
    expect(streamWords({ ...empty, frames: 3 }).resolution).toBe('–');
  });
});

describe("the Quality card's one Video figure", () => {
  it("is the received stream's own, or says there are several: never a share's size with the sum of both frame rates", () => {
    const camera = streamRows(watchingLater, 'Ana', ben({ ...data.tracks.receiver.shown, screen: null }));
    expect(receivedVideoWords(camera)).toMatch(/^\d+×\d+ @ \d+ fps$/);
    expect(receivedVideoWords(streamRows(watchingLater, 'Ana', ben(data.tracks.receiver.shown)))).toBe(
      '2 streams: see Streams',
    );
    expect(receivedVideoWords([])).toBe('–');
    expect(receivedVideoWords([{ ...camera[0]!, fps: null }])).toMatch(/^\d+×\d+$/);
  });
});

describe('the support report', () => {
  it("lists each peer's streams by name with their numbers", () => {
    const report = buildReport({
      generatedAt: 0,
      app: { version: '1', platform: 'linux', userAgent: 'Chrome/156.0.0.0' },
      room: 'r',
      settings: {},
      ice: { servers: [], source: 'manual', expiresAt: null, error: null },
      providerStatus: null,
      serverTests: null,
      peers: [{ ...emptyPeer(), latest: watchingLater }],
      hintSettings: { relayOnly: false, turnConfigured: false, stunConfigured: true },
      tracks: { p1: ben(data.tracks.receiver.shown) },
    });
    const streams = report.peers[0]!.streams;
    expect(streams.map((s) => s.name)).toEqual(["Ana's camera", "Ana's screen", 'Your camera']);
    expect(streams[1]).toMatchObject({ direction: 'received', source: 'screen', frameWidth: 1280, frameHeight: 720 });
    expect(streams[1]!.kbps).toBeGreaterThan(100);
  });
});

function emptyPeer(): PeerDiagnostics {
  return { ...emptyDiagnostics('p1', 'Ana', 0), state: 'connected', everConnected: true, gatheringComplete: true };
}
