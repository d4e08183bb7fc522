/** What the calling-essentials specs share: Chromium with two fake devices and a screen to share, and small looks. */
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium';
import { expect, type Person } from './people';

/** `test.use` options: two fake cameras and microphones, and "Entire screen" picked for getDisplayMedia. */
export const ESSENTIALS = {
  launchOptions: {
    executablePath: CHROMIUM_PATH,
    args: [
      ...CHROMIUM_ARGS.filter((a) => a !== '--use-fake-device-for-media-stream'),
      '--use-fake-device-for-media-stream=device-count=2',
      '--auto-select-desktop-capture-source=Entire screen',
    ],
  },
};

/** The share tile on one person's page. */
export const shareOf = (person: Person, name: string) => person.page.getByRole('figure', { name: `${name}'s screen` });

/** Waits until everyone's tile of everyone else says Connected. */
export async function connected(people: Person[]): Promise<void> {
  for (const person of people)
    for (const other of people.filter((o) => o !== person))
      await expect(person.tile(other.name)).toHaveAttribute('data-state', 'Connected', { timeout: 30_000 });
}
