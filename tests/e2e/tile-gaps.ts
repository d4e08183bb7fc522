/**
 * What a person sees on their tiles, frame by frame: requestVideoFrameCallback on each tile's video
 * element, the longest time between two frames shown since `restart` per tile label ("Video of
 * Ana"), whichever element showed it (the app replaces a stream in its element, and a tile may be
 * made anew). Installed into a page by `watchTileGaps`; the e2e and NAT lab tests share it.
 */
import type { Page } from '@playwright/test';

declare global {
  interface Window {
    __tileGaps?: { restart(): void; longest(): Record<string, number> };
  }
}

export async function watchTileGaps(page: Page): Promise<void> {
  await page.evaluate(() => {
    const last = new Map<string, number>();
    const longest = new Map<string, number>();
    const watched = new WeakSet<HTMLVideoElement>();
    const watch = (video: HTMLVideoElement) => {
      if (watched.has(video)) return;
      watched.add(video);
      const frame = (now: number) => {
        const label = video.getAttribute('aria-label') ?? '?';
        const before = last.get(label);
        if (before !== undefined) longest.set(label, Math.max(longest.get(label) ?? 0, now - before));
        last.set(label, now);
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
        for (const label of last.keys()) last.set(label, now);
      },
      longest: () => {
        const now = performance.now();
        const out: Record<string, number> = {};
        for (const [label, at] of last) out[label] = Math.round(Math.max(longest.get(label) ?? 0, now - at));
        return out;
      },
    };
  });
}

export const restartTileGaps = (page: Page) => page.evaluate(() => window.__tileGaps?.restart());
export const longestTileGaps = (page: Page) => page.evaluate(() => window.__tileGaps?.longest() ?? {});
