/** Stall tests' parts: a camera that can be paused, and step one of the watchdog as every link takes it. */
import type { PeerDiagnostics } from '../../shared/diagnostics';
import { until } from './support';

/** A camera that paints a moving picture until paused: its track sends no frame while paused. */
export function canvasCamera() {
  const canvas = document.createElement('canvas');
  canvas.width = 320;
  canvas.height = 240;
  const context = canvas.getContext('2d');
  let painting = true;
  let n = 0;
  const timer = setInterval(() => {
    if (!painting || !context) return;
    context.fillStyle = `hsl(${(n += 7) % 360} 60% 50%)`;
    context.fillRect(0, 0, 320, 240);
    context.fillStyle = '#fff';
    context.fillText(`frame ${n}`, 20, 120);
  }, 33);
  const track = canvas.captureStream(30).getVideoTracks()[0]!;
  return {
    track,
    pause: () => (painting = false),
    resume: () => (painting = true),
    stop: () => clearInterval(timer),
  };
}

/** The values of one kind of timeline entry in a person's record, oldest first. */
export const timeline = (d: PeerDiagnostics | undefined, kind: string) =>
  (d?.timeline ?? []).filter((e) => e.kind === kind).map((e) => e.value);

/**
 * Step one of the stall watchdog, as every link takes it: "Video stalled" on the record, the keyframe
 * request in the timeline, and the PLI counted in inbound-rtp. Returns when "Video stalled" was said.
 */
export async function stalledAndAsked(
  of: () => PeerDiagnostics | undefined,
  pliCount: () => number,
  pliBefore: number,
): Promise<number> {
  await until(() => of()?.videoStalled === true, '"Video stalled" on Ben’s record of Ana', 15_000);
  const saidAt = Date.now();
  await until(() => timeline(of(), 'video').some((v) => v.endsWith('keyframe requested')), 'the request made');
  await until(() => pliCount() > pliBefore, 'a keyframe request (PLI) counted in inbound-rtp', 10_000);
  return saidAt;
}
