/**
 * A mesh Room with its CallMedia over the in-memory hub, for the browser tests of
 * a call's media (shares, device switches): every signal a person sends is also
 * kept in `sent`, so a test can count offers and answers. `cleanup` receives what
 * closes it.
 */
import type { SignalData } from '../../shared/signaling';
import type { CallMedia } from '../../renderer/src/call/call-media';
import { Room, type RoomEvents } from '../../renderer/src/call/room';
import { meshMediaPort } from '../../renderer/src/call/links-choice';
import type { Hub } from './memory-hub';

export interface MediaRoomSetup {
  hub: Hub;
  name: string;
  stream: MediaStream;
  events: RoomEvents;
  media: CallMedia;
  /** Where the person's signals are recorded. */
  sent: SignalData[];
  cleanup: (close: () => Promise<void>) => void;
}

export async function joinMediaRoom(setup: MediaRoomSetup): Promise<Room> {
  const { hub, media, sent } = setup;
  const connect: typeof hub.connect = (url, ev) => {
    const channel = hub.connect(url, ev);
    return {
      ...channel,
      signal: (to, data, onRefused) => {
        sent.push(data);
        channel.signal(to, data, onRefused);
      },
    };
  };
  const room = new Room({
    signalingUrl: 'memory:',
    configuration: {},
    localStream: setup.stream,
    events: setup.events,
    connect,
    media,
  });
  media.bind(meshMediaPort(room));
  setup.cleanup(async () => {
    media.close();
    await room.close();
  });
  await room.connect('r', setup.name);
  return room;
}
