/** Pages watched from their start: every RTCPeerConnection and AudioContext they make is recorded. */
import { trackPeerConnections } from './link-dump';
import { expect, type Person } from './people';

export type Watched = Window & {
  __trackedPeerConnections?: RTCPeerConnection[];
  __audioContexts?: AudioContext[];
  __notices?: string[];
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
