/**
 * Builds the support report from what the app recorded and hands it out:
 * to the clipboard, or as a JSON file (a download; Electron shows its save
 * dialog for it). Credentials are masked by shared/report.ts.
 */
import { buildReport, type Report } from '../../../shared/report';
import { bridge } from '../bridge';
import { app } from '../app-context';
import { selectHintSettings, useStore } from '../store';
import { knownTracks } from './known-tracks';

/** Adds an extra section other panels contribute (e.g. the ICE server tester's last run), held by the app context. */
export function contributeToReport(section: string, read: () => unknown): void {
  app.reportSections.set(section, read);
}

export async function currentReport(): Promise<Report> {
  const api = bridge();
  const state = useStore.getState();
  const [info, settings, providerStatus, ice] = await Promise.all([
    api.appInfo(),
    api.getSettings(),
    api.iceStatus().catch((error: unknown) => ({ unavailable: String(error) })),
    // The servers in force now (refreshes included), not the ones the call started with.
    api.getIce(),
  ]);
  return buildReport({
    generatedAt: Date.now(),
    app: { version: info.version, platform: info.platform, userAgent: navigator.userAgent },
    room: state.room,
    settings,
    ice: { servers: ice.iceServers, source: ice.source, expiresAt: ice.expiresAt, error: ice.error },
    providerStatus,
    serverTests: app.reportSections.get('serverTests')?.() ?? null,
    // A person's earlier records (before they rejoined, or before the move to Janus) come first.
    peers: [...state.earlier, ...Object.values(state.diagnostics)].sort((a, b) => a.startedAt - b.startedAt),
    hintSettings: selectHintSettings(state),
    tracks: Object.fromEntries(
      Object.keys(state.diagnostics).map((id) => [id, knownTracks(id, (key) => app.media.get(key), state)]),
    ),
  });
}

export async function copyReport(): Promise<void> {
  const report = await currentReport();
  await navigator.clipboard.writeText(JSON.stringify(report, null, 2));
}

export async function exportReport(): Promise<string> {
  const report = await currentReport();
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const name = `traverse-report-${(useStore.getState().room || 'call').replace(/[^\w.-]+/g, '_')}-${stamp}.json`;
  const url = URL.createObjectURL(new Blob([JSON.stringify(report, null, 2)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}
