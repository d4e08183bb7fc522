/**
 * Call setup time: from pressing "Join" in the second page to the first
 * decoded remote video frame there, over our signaling server; next to the
 * floor measured in the same run (two RTCPeerConnections in one page
 * exchanging descriptions directly, same fake media). Median of N calls.
 * Where the time goes comes from the app's own marks: after each call the
 * last-call summary lists every phase of the setup (shared/setup-phases.ts),
 * each number in a <data value> element; the table prints their medians.
 */
import { chromium, type Page } from '@playwright/test';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { TraverseApi } from '../shared/ipc-api';
import type { PhaseName } from '../shared/setup-phases';
import { startSignalingServer } from '../server/signaling-server';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/chromium';
import { postToHarness } from '../tests/harness/harness-request';
import { startHarness } from '../tests/harness/web-harness';
import { startLoadBalancer } from '../tests/support/load-balancer';
import { callSetupTable, phaseMedians, type AppPhases, type CallSetupResult } from './call-setup-table';
import { median } from './median';

export { callSetupTable, type AppPhases, type CallSetupResult };

/** In the page: resolve with the time of the first frame painted by a remote video element. */
async function armFirstFrame(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __firstFrame?: Promise<number>; __joinAt?: number };
    w.__joinAt = undefined;
    document
      .querySelector('button[type="submit"]')
      ?.addEventListener('click', () => (w.__joinAt = performance.now()), { once: true });
    w.__firstFrame = new Promise<number>((resolve) => {
      const watch = () => {
        const video = document.querySelector<HTMLVideoElement>('video[aria-label^="Video of"]');
        if (!video) return false;
        video.requestVideoFrameCallback((now) => resolve(now));
        return true;
      };
      if (watch()) return;
      const observer = new MutationObserver(() => {
        if (watch()) observer.disconnect();
      });
      observer.observe(document.body, { childList: true, subtree: true });
    });
  });
}

/** The phases the app recorded for the call just ended, from its last-call summary. */
async function readPhases(page: Page): Promise<AppPhases> {
  const line = page.getByRole('region', { name: 'Last call' }).locator('[data-setup-kind="join"]').first();
  await line.waitFor();
  return line.evaluate((p): AppPhases => {
    const phases: Partial<Record<PhaseName, number>> = {};
    for (const d of p.querySelectorAll<HTMLDataElement>('data[data-phase]'))
      phases[d.dataset.phase as PhaseName] = Number(d.value);
    return {
      words: p.textContent ?? '',
      totalMs: p.dataset.totalMs === undefined ? null : Number(p.dataset.totalMs),
      phases,
    };
  });
}

async function appCall(page: Page): Promise<{ ms: number; phases: AppPhases }> {
  await armFirstFrame(page);
  await page.getByRole('button', { name: 'Join' }).click();
  const ms = await page.evaluate(async () => {
    const w = window as unknown as { __firstFrame: Promise<number>; __joinAt: number };
    const first = await Promise.race([
      w.__firstFrame,
      new Promise<number>((_, reject) => setTimeout(() => reject(new Error('no remote frame within 30 s')), 30_000)),
    ]);
    return first - w.__joinAt;
  });
  await page.getByRole('button', { name: 'Hang up' }).click();
  await page.getByRole('button', { name: 'Join' }).waitFor();
  return { ms, phases: await readPhases(page) };
}

/**
 * Two RTCPeerConnections in one page, descriptions and candidates handed over directly, with the
 * app's ICE servers; timed with the same phases from the connection's creation (the receiving
 * side's ICE and connection state, the first frame when requestVideoFrameCallback runs).
 */
async function floorCall(page: Page): Promise<{ ms: number; phases: Partial<Record<PhaseName, number>> }> {
  return page.evaluate(async () => {
    const { iceServers } = await (window as unknown as { traverse: TraverseApi }).traverse.getIce();
    const stream = await navigator.mediaDevices.getUserMedia({
      video: { width: { ideal: 1280 }, height: { ideal: 720 } },
      audio: { echoCancellation: true, noiseSuppression: true },
    });
    const video = document.createElement('video');
    video.muted = true;
    video.autoplay = true;
    document.body.append(video);
    const start = performance.now();
    const at: Record<string, number> = {};
    const a = new RTCPeerConnection({ iceServers });
    const b = new RTCPeerConnection({ iceServers });
    a.onicecandidate = (e) => e.candidate && void b.addIceCandidate(e.candidate);
    b.onicecandidate = (e) => e.candidate && void a.addIceCandidate(e.candidate);
    b.oniceconnectionstatechange = () => (b.iceConnectionState === 'connected' ? (at.ice ??= performance.now()) : 0);
    b.onconnectionstatechange = () => (b.connectionState === 'connected' ? (at.dtls ??= performance.now()) : 0);
    const first = new Promise<number>((resolve) => {
      b.ontrack = (e) => {
        if (e.track.kind !== 'video') return;
        video.srcObject = new MediaStream([e.track]);
        video.requestVideoFrameCallback((now) => {
          at.frame = performance.now();
          resolve(now);
        });
      };
    });
    for (const track of stream.getTracks()) a.addTrack(track, stream);
    await a.setLocalDescription();
    at.offer = performance.now();
    await b.setRemoteDescription(a.localDescription!);
    await b.setLocalDescription();
    await a.setRemoteDescription(b.localDescription!);
    at.answer = performance.now();
    const end = await first;
    a.close();
    b.close();
    video.remove();
    for (const track of stream.getTracks()) track.stop();
    let prev = start;
    const phases: Record<string, number> = {};
    for (const name of ['offer', 'answer', 'ice', 'dtls', 'frame']) {
      const t = at[name];
      if (t === undefined || t < prev) continue;
      phases[name] = t - prev;
      prev = t;
    }
    return { ms: end - start, phases };
  });
}

const roundTrips = (appMs: number, targetMs: number) => ({ targetMs, ratio: appMs / targetMs });

/** CALLS calls (12 by default); BENCH_SIGNALING_RTT_MS puts the signaling server that far away (a delaying proxy). */
export async function runCallSetupBench(
  calls = Number(process.env.CALLS ?? 12),
  signalingRttMs = Number(process.env.BENCH_SIGNALING_RTT_MS ?? 0),
): Promise<CallSetupResult> {
  const harness = await startHarness();
  // A signaling server some way off: a server of its own (as deployed: its /healthz open to the
  // lobby, which the harness's token-guarded one is not) behind a delaying proxy.
  const far =
    signalingRttMs > 0
      ? await startSignalingServer({ port: 0, host: '127.0.0.1', allowedOrigins: [harness.origin] })
      : null;
  const distance = far ? await startLoadBalancer([far.port], 'round-robin', signalingRttMs / 2) : null;
  for (const profile of distance ? ['host', 'guest'] : []) {
    const answer = await postToHarness(harness.origin, harness.token, profile, '/__harness/ipc/settings:set', {
      signalingUrl: distance!.url,
    });
    if ((answer as { ok?: unknown }).ok !== true)
      throw new Error(`could not point ${profile} at the delaying proxy: ${JSON.stringify(answer)}`);
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const open = async () => {
      const context = await browser.newContext();
      // tsx keeps function names with an `__name` helper that pages do not have.
      await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
      return context.newPage();
    };
    const host = await open();
    const guest = await open();
    const floorPage = await open();
    for (const p of [host, guest, floorPage]) p.on('crash', () => console.error('page crashed'));
    await host.goto(harness.pageUrl('host'));
    await guest.goto(harness.pageUrl('guest'));
    await floorPage.goto(harness.pageUrl('floor'));
    for (const [page, name] of [
      [host, 'Host'],
      [guest, 'Guest'],
    ] as const) {
      await page.getByLabel('Display name').fill(name);
      await page.getByLabel('Room').fill('bench');
      await page
        .getByLabel('Your camera preview')
        .evaluate((v: HTMLVideoElement) =>
          v.videoWidth > 0 ? undefined : new Promise((r) => v.addEventListener('loadedmetadata', r, { once: true })),
        );
    }
    await host.getByRole('button', { name: 'Join' }).click();
    await host.getByRole('button', { name: 'Hang up' }).waitFor();

    // Warm-up: the first call pays for codec and JIT start-up on both paths.
    await appCall(guest);
    await floorCall(floorPage);
    const appMs: number[] = [];
    const floorMs: number[] = [];
    const appPhases: AppPhases[] = [];
    const floorPhases: Partial<Record<PhaseName, number>>[] = [];
    for (let i = 0; i < calls; i += 1) {
      const call = await appCall(guest);
      appMs.push(call.ms);
      appPhases.push(call.phases);
      const floor = await floorCall(floorPage);
      floorMs.push(floor.ms);
      floorPhases.push(floor.phases);
    }
    const appMedianMs = median(appMs);
    const floorMedianMs = median(floorMs);
    const totals = appPhases.flatMap((p) => (p.totalMs === null ? [] : [p.totalMs]));
    return {
      name: 'call-setup',
      calls,
      appMs,
      floorMs,
      appMedianMs,
      floorMedianMs,
      ratio: appMedianMs / floorMedianMs,
      target: signalingRttMs > 0 ? 'roundTrips.ratio <= 1.15' : 'ratio <= 1.2',
      signalingRttMs,
      roundTrips: signalingRttMs > 0 ? roundTrips(appMedianMs, floorMedianMs + 2 * signalingRttMs) : null,
      appPhases,
      phaseMedianMs: phaseMedians(appPhases),
      appOwnTotalMedianMs: totals.length ? median(totals) : null,
      floorPhases,
      floorPhaseMedianMs: phaseMedians(floorPhases.map((phases) => ({ words: '', totalMs: null, phases }))),
    };
  } catch (error) {
    for (const [i, ctx] of browser.contexts().entries())
      await ctx.pages()[0]?.screenshot({ path: `bench/results/call-setup-failure-${i}.png` });
    throw error;
  } finally {
    await browser.close();
    await distance?.close();
    await far?.close();
    await harness.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await runCallSetupBench();
  const dir = fileURLToPath(new URL('./results/', import.meta.url));
  await mkdir(dir, { recursive: true });
  await writeFile(`${dir}call-setup.json`, JSON.stringify(result, null, 2));
  console.log(callSetupTable(result));
}
