/**
 * Measures one TURN URL as a call would use it: two connections in this page, both Relay only
 * with only that server, joined by data channels through it (so through the TURN server twice,
 * allocation to allocation, the way testrtc's relay tests do). An unreliable channel carries a
 * ping series (round trip, jitter, loss); a reliable one as much data as the path takes for a
 * few seconds (throughput). Everything is closed when the measurement ends or is cancelled.
 */
import { bestRateKbps, pingFigures, type RelayPathFigures } from '../../../shared/relay-path';
import { pathMeterLock } from '../../../shared/path-meter-lock';

export interface RelayPathOptions {
  /**
   * Pings sent, one every `pingIntervalMs`. Default 400 every 5 ms (2 s): enough that a loss of a
   * few percent reads within about a point (binomial σ at 5 % of 400 is 1.1 points), where 20
   * pings could only say 0, 5 or 10 %.
   */
  pings?: number;
  pingIntervalMs?: number;
  /** How long the last ping may take before it counts as lost (the series ends sooner when all are back). Default 2 s. */
  pingTimeoutMs?: number;
  /** How long data is pushed through for the throughput. Default 1 s (one path at a time: see shared/path-meter-lock.ts). */
  throughputMs?: number;
  /** How long the relayed connection may take to open. Default 8 s. */
  connectTimeoutMs?: number;
  signal?: AbortSignal;
}

const CHUNK = 16 * 1024;
/** Data queued in the channel at most: enough to keep a fast path full, little enough to stop promptly. */
const HIGH_WATER = 1024 * 1024;

export class RelayPathError extends Error {}

function opened(channel: RTCDataChannel, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new RelayPathError(`the relayed connection did not open within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
    signal?.addEventListener('abort', () => reject(new RelayPathError('cancelled')), { once: true });
    channel.addEventListener('open', () => (clearTimeout(timer), resolve()), { once: true });
  });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Connects a to b directly in this page (no signaling server): trickled candidates and one offer/answer. */
async function pair(a: RTCPeerConnection, b: RTCPeerConnection): Promise<void> {
  a.onicecandidate = ({ candidate }) => candidate && void b.addIceCandidate(candidate).catch(() => undefined);
  b.onicecandidate = ({ candidate }) => candidate && void a.addIceCandidate(candidate).catch(() => undefined);
  await a.setLocalDescription();
  await b.setRemoteDescription(a.localDescription!);
  await b.setLocalDescription();
  await a.setRemoteDescription(b.localDescription!);
}

async function pingSeries(channel: RTCDataChannel, options: Required<Omit<RelayPathOptions, 'signal'>>) {
  const sent = new Map<number, number>();
  const rtts: number[] = Array<number>(options.pings).fill(NaN);
  let back = 0;
  let allBack: () => void = () => undefined;
  const everyOneBack = new Promise<void>((resolve) => (allBack = resolve));
  channel.onmessage = ({ data }) => {
    const seq = Number(data);
    const at = sent.get(seq);
    if (at === undefined || !Number.isNaN(rtts[seq])) return;
    rtts[seq] = performance.now() - at;
    if ((back += 1) === options.pings) allBack();
  };
  for (let seq = 0; seq < options.pings; seq += 1) {
    sent.set(seq, performance.now());
    channel.send(String(seq));
    await pause(options.pingIntervalMs);
  }
  await Promise.race([everyOneBack, pause(options.pingTimeoutMs)]);
  channel.onmessage = null;
  return pingFigures(rtts);
}

/** The window the throughput is the best of: long enough to hold many round trips, short enough to skip a stall. */
const RATE_WINDOW_MS = 500;

/**
 * Pushes data through for `ms` and returns the best rate over any RATE_WINDOW_MS of it: what the
 * path carries. A whole-phase average would instead read the transfer's own ramp-up and its
 * stalls after a burst of loss at a full bottleneck queue (SCTP waits out a retransmission timeout
 * of a second or more), which say more about one transfer than about the path.
 */
async function throughput(channel: RTCDataChannel, received: () => number, ms: number): Promise<number | null> {
  const chunk = new Uint8Array(CHUNK);
  const started = performance.now();
  const samples = [{ at: started, bytes: received() }];
  while (performance.now() - started < ms) {
    while (channel.bufferedAmount < HIGH_WATER) channel.send(chunk);
    await new Promise<void>((resolve) => {
      channel.bufferedAmountLowThreshold = HIGH_WATER / 2;
      channel.addEventListener('bufferedamountlow', () => resolve(), { once: true });
      setTimeout(resolve, 20);
    });
    samples.push({ at: performance.now(), bytes: received() });
  }
  return bestRateKbps(samples, RATE_WINDOW_MS);
}

/** Measures the path through `server` (one TURN URL with its credentials). Rejects when no relayed connection opens. */
export async function measureRelayPath(
  server: RTCIceServer,
  options: RelayPathOptions = {},
): Promise<RelayPathFigures> {
  const o = {
    pings: options.pings ?? 400,
    pingIntervalMs: options.pingIntervalMs ?? 5,
    pingTimeoutMs: options.pingTimeoutMs ?? 2_000,
    throughputMs: options.throughputMs ?? 1_000,
    connectTimeoutMs: options.connectTimeoutMs ?? 8_000,
  };
  const configuration: RTCConfiguration = { iceServers: [server], iceTransportPolicy: 'relay' };
  const a = new RTCPeerConnection(configuration);
  const b = new RTCPeerConnection(configuration);
  let bytesIn = 0;
  b.ondatachannel = ({ channel }) => {
    channel.binaryType = 'arraybuffer';
    channel.onmessage = ({ data }: MessageEvent<string | ArrayBuffer>) => {
      if (channel.label === 'ping') channel.send(data as string);
      else bytesIn += typeof data === 'string' ? data.length : data.byteLength;
    };
  };
  try {
    const started = performance.now();
    const ping = a.createDataChannel('ping', { ordered: false, maxRetransmits: 0 });
    const bulk = a.createDataChannel('bulk');
    await pair(a, b);
    await Promise.all([
      opened(ping, o.connectTimeoutMs, options.signal),
      opened(bulk, o.connectTimeoutMs, options.signal),
    ]);
    const connectMs = performance.now() - started;
    // Pings of several paths may run together; a throughput phase fills the uplink, so it runs alone.
    const pings = await pathMeterLock.sharing(() => pingSeries(ping, o));
    const throughputKbps = options.signal?.aborted
      ? null
      : await pathMeterLock.alone(() => throughput(bulk, () => bytesIn, o.throughputMs));
    return { connectMs, ...pings, throughputKbps };
  } finally {
    a.close();
    b.close();
  }
}
