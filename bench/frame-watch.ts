/**
 * Frames a page shows of the other person, taken the way the tiles take their first frame:
 * requestVideoFrameCallback on every remote video element ("Video of …"), each frame's time
 * kept in the page as epoch milliseconds (performance.timeOrigin + the callback's time), so a
 * benchmark can say when video stopped and when it came back from frames, not from a label.
 */
import type { Page } from '@playwright/test';

interface FrameWindow {
  __frames?: number[];
  __frameWaiters?: Set<() => void>;
}

/** Starts recording the page's remote frames (new video elements included, as tiles mount). */
export async function watchFrames(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as FrameWindow;
    if (w.__frames) return;
    const frames: number[] = [];
    const waiters = new Set<() => void>();
    w.__frames = frames;
    w.__frameWaiters = waiters;
    const watched = new WeakSet<HTMLVideoElement>();
    const watch = () => {
      for (const video of document.querySelectorAll<HTMLVideoElement>('video[aria-label^="Video of"]')) {
        if (watched.has(video)) continue;
        watched.add(video);
        const tick = (now: number) => {
          frames.push(performance.timeOrigin + now);
          for (const waiter of [...waiters]) waiter();
          video.requestVideoFrameCallback(tick);
        };
        video.requestVideoFrameCallback(tick);
      }
    };
    watch();
    new MutationObserver(watch).observe(document.body, { childList: true, subtree: true });
  });
}

/**
 * The epoch time of the first frame after `since` that ends a gap of at least `gapMs` (video
 * had stopped), once `more` frames have followed it (video flows again, not one stray frame).
 */
export async function frameAfterGap(
  page: Page,
  since: number,
  options: { gapMs: number; more: number; timeoutMs: number },
): Promise<number> {
  return page.evaluate(
    ({ since, gapMs, more, timeoutMs }) =>
      new Promise<number>((resolve, reject) => {
        const w = window as unknown as FrameWindow;
        const frames = w.__frames!;
        const check = () => {
          for (let i = 1; i < frames.length; i += 1) {
            const at = frames[i]!;
            if (at <= since || at - frames[i - 1]! < gapMs) continue;
            if (frames.length - 1 - i >= more) return at;
          }
          return null;
        };
        const done = (at: number | null) => {
          if (at === null) return false;
          w.__frameWaiters!.delete(waiter);
          clearTimeout(timer);
          resolve(at);
          return true;
        };
        const waiter = () => void done(check());
        const timer = setTimeout(() => {
          w.__frameWaiters!.delete(waiter);
          const last = frames.at(-1);
          reject(
            new Error(
              `video did not come back within ${timeoutMs} ms (last frame ${last === undefined ? 'never' : `${Math.round(last - since)} ms after the start`})`,
            ),
          );
        }, timeoutMs);
        if (!done(check())) w.__frameWaiters!.add(waiter);
      }),
    { since, ...options },
  );
}

/** Resolves at the page's next remote frame (video is flowing now). */
export async function nextFrame(page: Page, timeoutMs = 30_000): Promise<number> {
  return page.evaluate(
    (timeoutMs) =>
      new Promise<number>((resolve, reject) => {
        const w = window as unknown as FrameWindow;
        const count = w.__frames!.length;
        const waiter = () => {
          if (w.__frames!.length <= count) return;
          w.__frameWaiters!.delete(waiter);
          clearTimeout(timer);
          resolve(w.__frames!.at(-1)!);
        };
        const timer = setTimeout(() => {
          w.__frameWaiters!.delete(waiter);
          reject(new Error(`no remote video frame within ${timeoutMs} ms`));
        }, timeoutMs);
        w.__frameWaiters!.add(waiter);
      }),
    timeoutMs,
  );
}
