/**
 * The lobby's sentence about who can join a call, for each way this app signals:
 * through the server it hosts (this computer only, or the network with invites),
 * through a configured server (what its /healthz says), or through the server an
 * invite link named. Every sentence here must be true for the state it names.
 */
import type { AppInfo } from '../../../../shared/ipc';
import type { AuthMode } from '../../../../shared/signaling';

export const WHO_CAN_JOIN = {
  network: 'Hosted by this app for your network. Only people with an invite link can join.',
  computer:
    'Hosted by this app on this computer only (127.0.0.1). Anyone on this computer can join; nobody else on the network can reach it.',
  open: 'Rooms are open: anyone who knows a room’s name can join it.',
  invite: 'Invites required: rooms admit only people with an invite.',
  unknown: 'Could not ask the server whether rooms are open.',
  asking: 'Asking the server whether rooms are open…',
  guest: 'Joining through the server in your invite link.',
} as const;

/** `mode` is the server's /healthz answer: undefined while asking, null when it could not be asked. */
export function whoCanJoin(info: AppInfo, mode: AuthMode | null | undefined): string {
  const server =
    mode === 'open'
      ? WHO_CAN_JOIN.open
      : mode === 'invite'
        ? WHO_CAN_JOIN.invite
        : mode === null
          ? WHO_CAN_JOIN.unknown
          : WHO_CAN_JOIN.asking;
  if (info.guestServer) return `${WHO_CAN_JOIN.guest} ${server}`;
  if (info.embeddedSignaling && info.hosting === 'network') return WHO_CAN_JOIN.network;
  if (info.embeddedSignaling && info.hosting === 'computer') return WHO_CAN_JOIN.computer;
  return server;
}

/** Offered in the call view: an invite link only helps when others can reach the server. */
export function canInvite(info: AppInfo | null): boolean {
  return info !== null && info.embeddedSignaling && info.hosting === 'network';
}

/** The empty call's hint: on an invite-only server the room name alone lets nobody in. */
export function emptyRoomWords(room: string, inviteOnly: boolean): string {
  return inviteOnly
    ? `Only people with an invite link can join “${room}”: use Copy invite link below and send it to them.`
    : `Share the room name “${room}” so others can join.`;
}
