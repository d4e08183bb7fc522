/**
 * Hosting for the network, this app's own server admits only people with an
 * invite, its host included: the host joins with an invite the main process
 * makes for the room (a day long, so a reconnect during a long call still works).
 */
import { bridge } from '../../bridge';

export async function ownInvite(room: string): Promise<string> {
  const { link } = await bridge().makeInvite({ room, ttlSeconds: 86_400 });
  const invite = new URLSearchParams(link.slice(link.indexOf('?') + 1)).get('invite');
  if (!invite) throw new Error('The invite this app made has no token: restart Traverse and try again.');
  return invite;
}
