/** Saves shared-secret TURN settings for one person's page: the coturn at `port` over UDP, and Relay only as given. */
import type { Page } from '@playwright/test';

export interface SharedSecretTurn {
  port: number;
  secret: string;
}

export async function useSharedSecretTurn(
  page: Page,
  coturn: SharedSecretTurn,
  relayOnly: boolean,
  user = 'tester',
): Promise<void> {
  const url = `turn:127.0.0.1:${coturn.port}?transport=udp`;
  await page.evaluate(
    async ({ secret, url, relayOnly, user }) => {
      const api = window.traverse!;
      const { ice } = await api.getSettings();
      await api.setSecret({ name: 'turn-shared-secret', value: secret });
      await api.setSettings({ relayOnly, ice: { ...ice, mode: 'shared-secret', sharedSecret: { urls: [url], user } } });
    },
    { secret: coturn.secret, url, relayOnly, user },
  );
}
