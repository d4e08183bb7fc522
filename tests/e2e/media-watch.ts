/** Pages watched from their start: every RTCPeerConnection and AudioContext they make is recorded. */
import { trackPeerConnections } from './link-dump';
import type { Page } from '@playwright/test';
import { expect, type Person } from './people';

export type Watched = Window & {
  __trackedPeerConnections?: RTCPeerConnection[];
  __audioContexts?: AudioContext[];
  __notices?: string[];
  __noticeBar?: string[];
};

/** Reloads a person's page with every RTCPeerConnection and AudioContext it makes recorded. */
export async function watchMedia(person: Person): Promise<void> {
  const context = person.page.context();
  await trackPeerConnections(context);
  await context.addInitScript(() => {
    const Native = window.AudioContext;
    const all: AudioContext[] = [];
    (window as Watched).__audioContexts = all;
    window.AudioContext = class extends Native {
      constructor(options?: AudioContextOptions) {
        super(options);
        all.push(this);
      }
    };
  });
  await person.page.reload();
  await expect(person.page.getByRole('button', { name: 'Join' })).toBeEnabled();
}

/** Keeps every text the notice bar shows from now on (one notice at a time: a later one replaces it). */
export const keepNotices = (page: Page) =>
  page.evaluate(() => {
    const seen: string[] = ((window as Watched).__noticeBar = []);
    const read = () => {
      const text = document.querySelector('.notice p')?.textContent ?? null;
      if (text !== null && seen.at(-1) !== text) seen.push(text);
    };
    new MutationObserver(read).observe(document.body, { childList: true, subtree: true, characterData: true });
    read();
  });

/** What keepNotices kept, oldest first. */
export const noticesOf = (page: Page) => page.evaluate(() => (window as Watched).__noticeBar ?? []);
