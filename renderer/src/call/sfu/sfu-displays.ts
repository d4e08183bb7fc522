/**
 * Whose feed a Janus publisher is: a person publishes their camera and microphone under their
 * Traverse id, and a screen share as a second feed under the id with a `~screen` suffix (ids are
 * socket.io ids, which never hold a `~`).
 */
const SCREEN = '~screen';

export const screenDisplay = (id: string) => `${id}${SCREEN}`;

export function feedOwner(display: string): { id: string; screen: boolean } {
  return display.endsWith(SCREEN)
    ? { id: display.slice(0, -SCREEN.length), screen: true }
    : { id: display, screen: false };
}
