/** Top level: loads app facts and settings, then shows the lobby or the call. */
import { useEffect, useState } from 'react';
import { bridge } from './bridge';
import { followInviteLinks } from './call/invite-links';
import { followGuestServer } from './components/hosting/guest-server';
import { CallView } from './components/CallView';
import { Lobby } from './components/Lobby';
import { Icon } from './components/Icon';
import { Notice } from './components/Notice';
import { SettingsScreen } from './components/settings/SettingsScreen';
import { useStore } from './store';

export function App() {
  const phase = useStore((s) => s.phase);
  const [settingsOpen, setSettingsOpen] = useState(false);

  useEffect(() => {
    const store = useStore.getState();
    try {
      const api = bridge();
      void api.appInfo().then(
        (info) => {
          store.setAppInfo(info);
          // Something about the settings file the person should know (a password moved out of it).
          if (info.notices?.length) store.setNotice(info.notices.join(' '));
        },
        (e: unknown) => store.setNotice(String(e)),
      );
      void api.getSettings().then(store.setSettings, (e: unknown) => store.setNotice(String(e)));
      // traverse:join?invite=… links: the one the app was opened with, and any later one.
      const unfollowGuest = followGuestServer();
      const unfollowLinks = followInviteLinks();
      return () => {
        unfollowGuest();
        unfollowLinks();
      };
    } catch (error) {
      store.setNotice((error as Error).message);
      return undefined;
    }
  }, []);

  return (
    <>
      <Notice />
      {phase === 'in-call' ? <CallView /> : <Lobby />}
      <button type="button" className="settings-toggle" onClick={() => setSettingsOpen(true)}>
        <Icon name="settings" />
        Settings
      </button>
      {settingsOpen && <SettingsScreen onClose={() => setSettingsOpen(false)} />}
    </>
  );
}
