/**
 * "Host calls on this network": with no signaling server set, the server this
 * app hosts listens on the network instead of 127.0.0.1, and admits only people
 * with an invite link made in the call view. Saved at once, like Relay only.
 */
import { useState } from 'react';
import { bridge } from '../../bridge';
import { useStore } from '../../store';
import { whoCanJoin } from '../hosting/who-can-join';
import './hosting-section.css';
import { errorMessage } from '../../../../shared/error-message';

export function HostingSection() {
  const settings = useStore((s) => s.settings);
  const info = useStore((s) => s.appInfo);
  const [problem, setProblem] = useState<string | null>(null);
  if (!settings) return null;
  const on = settings.hostOnNetwork;
  const configured = settings.signalingUrl !== '';

  async function toggle() {
    setProblem(null);
    try {
      const store = useStore.getState();
      store.setSettings(await bridge().setSettings({ hostOnNetwork: !on }));
      store.setAppInfo(await bridge().appInfo());
    } catch (error) {
      setProblem(`Could not change hosting: ${errorMessage(error)}`);
    }
  }

  return (
    <section className="hosting-section" aria-labelledby="hosting-title">
      <h2 id="hosting-title">Hosting</h2>
      <button
        type="button"
        role="switch"
        className="switch"
        aria-checked={on}
        disabled={configured}
        onClick={() => void toggle()}
      >
        Host calls on this network
      </button>
      <p className="hint">
        {configured
          ? `Calls go through the signaling server set here (${settings.signalingUrl}), so this app hosts none.`
          : on
            ? 'Others on your network can reach this app’s server, and it admits only people with an invite link from the call view.'
            : 'Off: this app’s server listens on 127.0.0.1, so only this computer can reach it.'}
      </p>
      {info?.embeddedSignaling && <p className="hint">Now: {whoCanJoin(info, undefined)}</p>}
      {info?.hostingProblem && (
        <p className="error" role="alert">
          {info.hostingProblem}
        </p>
      )}
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
