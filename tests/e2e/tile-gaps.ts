/**
 * What a person sees on their tiles, frame by frame: requestVideoFrameCallback on each tile's video
 * element (the element stays; the app replaces its stream), the longest time between two frames
 * shown per tile since `restart`. Installed into a page by `watchTileGaps`.
 */
import type { Page } from '@playwright/test';

declare global {
  interface Window {
    __tileGaps?: { restart(): void; longest(): Record<string, number> };
  }
}

export async function watchTileGaps(page: Page): Promise<void> {
  await page.evaluate(() => {
    const last = new Map<HTMLVideoElement, number>();
    const longest = new Map<HTMLVideoElement, number>();
    const watched = new WeakSet<HTMLVideoElement>();
    const watch = (video: HTMLVideoElement) => {
      if (watched.has(video)) return;
      watched.add(video);
      const frame = (now: number) => {
        const before = last.get(video);
        if (before !== undefined) longest.set(video, Math.max(longest.get(video) ?? 0, now - before));
        last.set(video, now);
        video.requestVideoFrameCallback(frame);
      };
      video.requestVideoFrameCallback(frame);
    };
    const scan = () => document.querySelectorAll<HTMLVideoElement>('figure.tile video').forEach(watch);
    new MutationObserver(scan).observe(document.body, { childList: true, subtree: true });
    scan();
    window.__tileGaps = {
      restart: () => {
        longest.clear();
        const now = performance.now();
        for (const video of last.keys()) last.set(video, now);
      },
      longest: () => {
        const now = performance.now();
        const out: Record<string, number> = {};
        for (const [video, at] of last) {
          const label = video.getAttribute('aria-label') ?? '?';
          out[label] = Math.round(Math.max(longest.get(video) ?? 0, now - at));
        }
        return out;
      },
    };
  });
}

export const restartTileGaps = (page: Page) => page.evaluate(() => window.__tileGaps?.restart());
export const longestTileGaps = (page: Page) => page.evaluate(() => window.__tileGaps?.longest() ?? {});
