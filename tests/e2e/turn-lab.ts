/**
 * A call lab for e2e tests that need TURN: a real coturn and a web harness
 * started in this process, so a test can restart coturn and see on the
 * server side every candidate that crossed signaling. People are configured
 * for shared-secret credentials against that coturn.
 */
import { test as base, expect } from '@playwright/test';
import { parseCandidate } from '../../shared/candidate';
import { startHarness, type Harness } from '../harness/web-harness';
import { startCoturn, type Coturn } from '../support/coturn';
import { openPerson, type Person } from './people';
import { useSharedSecretTurn } from './turn-settings';

export interface Crossed {
  from: string;
  type: string;
  line: string;
}

export interface TurnLab {
  coturn: Coturn;
  harness: Harness;
  /** Candidates that went over signaling since the last reset. */
  crossed: Crossed[];
  /** Stops coturn and starts it again on the same port with the same secret. */
  restartCoturn(): Promise<void>;
}

export async function startTurnLab(): Promise<TurnLab> {
  const lab: TurnLab = {
    coturn: await startCoturn(),
    harness: await startHarness(),
    crossed: [],
    async restartCoturn() {
      const { port, secret } = lab.coturn;
      await lab.coturn.stop();
      lab.coturn = await startCoturn({ port, secret });
    },
  };
  lab.harness.signaling.io.on('connection', (socket) => {
    socket.onAny((event: string, payload: unknown) => {
      const line = (payload as { data?: { candidate?: { candidate?: unknown } } } | null)?.data?.candidate?.candidate;
      if (event === 'signal' && typeof line === 'string')
        lab.crossed.push({ from: socket.id, type: parseCandidate(line)?.type ?? 'unknown', line });
    });
  });
  return lab;
}

export async function stopTurnLab(lab: TurnLab): Promise<void> {
  await lab.harness.close();
  await lab.coturn.stop();
}

export interface Pair {
  ana: Person;
  ben: Person;
  /** Ben's tile on Ana's screen. */
  benOnAna: ReturnType<Person['tile']>;
}

/**
 * A test whose `person(name, relayOnly)` opens someone configured for the
 * lab's coturn (UDP), and whose `pair(room, relayOnly)` puts Ana and Ben in a
 * call and waits until Ana sees Ben connected (relayed when relay-only).
 */
export function labTest(lab: () => TurnLab) {
  return base.extend<{
    person: (name: string, relayOnly: boolean) => Promise<Person>;
    pair: (room: string, relayOnly: boolean) => Promise<Pair>;
  }>({
    pair: async ({ person }, use) => {
      await use(async (room, relayOnly) => {
        const ana = await person('Ana', relayOnly);
        const ben = await person('Ben', relayOnly);
        await ana.join(room);
        await ben.join(room);
        const benOnAna = ana.tile('Ben');
        await expect(benOnAna).toHaveAttribute('data-state', relayOnly ? 'Relayed' : 'Connected');
        return { ana, ben, benOnAna };
      });
    },
    person: async ({ browser }, use) => {
      const opened: Person[] = [];
      await use(async (name, relayOnly) => {
        const { harness, coturn } = lab();
        const person = await openPerson(browser, name, (profile) => harness.pageUrl(profile));
        opened.push(person);
        await useSharedSecretTurn(person.page, coturn, relayOnly);
        return person;
      });
      await Promise.all(opened.map((p) => p.page.context().close()));
    },
  });
}
