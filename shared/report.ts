/**
 * The support report and the after-call summary, built from recorded
 * diagnostics. Credentials are masked here, once, for every consumer.
 */
import { hopHints, linkQuality, weakHopWords } from './sfu-hops';
import { asSentence } from './call-words';
import { describeCandidate } from './stats';
import {
  linkRelayed,
  pathRelayed,
  receivedCandidates,
  type PeerDiagnostics,
  type RecoveryRecord,
  type WeakHop,
} from './diagnostics';
import { recoveriesLine } from './recovery-words';
import { setupPhases, type SetupPhases } from './setup-phases';
import { hints, type Hint } from './stats-quality';
import { linkStreams, type KnownTracks } from './stats-streams';

export interface MaskedIceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

/** Usernames keep a short prefix (TURN REST usernames start with an expiry); credentials are never shown. */
export function maskIceServers(
  servers: readonly { urls: string | string[]; username?: string; credential?: string }[],
): MaskedIceServer[] {
  return servers.map((s) => ({
    urls: Array.isArray(s.urls) ? [...s.urls] : [s.urls],
    ...(s.username
      ? { username: s.username.length > 4 ? `${s.username.slice(0, 4)}…(${s.username.length} chars)` : '…' }
      : {}),
    ...(s.credential ? { credential: MASK } : {}),
  }));
}

const SECRET_KEY = /(credential|password|passwd|secret|token|apikey|authorization|invite)$/i;
const MASK = '•••••• (set)';

/**
 * Anything credential-like replaced, at any depth: string values under keys that
 * name a secret (credential, password, secret, token, invite…; `tokenId` is an id
 * and stays), and `invite=` in links. The report copies settings and statuses as
 * they are, so a password that slipped into one of them must still not leave.
 */
export function maskSecrets(value: unknown, depth = 0): unknown {
  if (depth > 12) return '…';
  if (typeof value === 'string') return value.replace(/(invite=)[^&#\s]*/gi, '$1…');
  if (Array.isArray(value)) return value.map((item) => maskSecrets(item, depth + 1));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      SECRET_KEY.test(key) && typeof item === 'string' && item !== '' ? MASK : maskSecrets(item, depth + 1),
    ]),
  );
}

export interface CallSummary {
  peer: string;
  outcome: 'connected' | 'failed' | 'never-connected';
  timeToConnectMs: number | null;
  /** "direct (host udp)" or "relayed (udp via turn:…)". */
  path: string;
  relayedSharePct: number | null;
  /** On Janus: the share of the connected time each weak hop held the link back (shared/sfu-hops.ts). */
  weakHopSharePct: Partial<Record<WeakHop, number>>;
  avgRttMs: number | null;
  avgLossPct: number | null;
  avgJitterMs: number | null;
  failureCause: string | null;
  /** The phases of each connection's setup (the first, then any Relay only switch). */
  setups: SetupPhases[];
  /** Each recovery of the link: cause, media gap, path before and after (shared/recovery-words.ts). */
  recoveries: RecoveryRecord[];
}

const average = (values: (number | null)[]) => {
  const real = values.filter((v): v is number => v !== null);
  return real.length ? real.reduce((a, b) => a + b, 0) / real.length : null;
};

export function pathWords(d: PeerDiagnostics): string {
  const current = d.latest?.path ?? null;
  const path = current ?? d.lastPath;
  if (!path) return 'no path';
  const relayed = pathRelayed(path, receivedCandidates(d));
  const local = path.local;
  // A call that lost its path is described by the last one it had, and says so.
  const prefix = current ? '' : 'last path ';
  if (relayed) {
    const via =
      local.type === 'relay'
        ? `${local.relayProtocol ?? local.protocol} via ${local.url ?? 'TURN'}`
        : "the other side's TURN server";
    return `${prefix}relayed (${via})`;
  }
  return `${prefix}direct (${local.type} ${local.protocol} → ${path.remote.type})`;
}

/** Which kinds of ICE servers a call's configuration has (never the servers or their credentials). */
export interface ServerKinds {
  turnConfigured: boolean;
  stunConfigured: boolean;
}

export interface HintSettings extends ServerKinds {
  relayOnly: boolean;
}

export function hintsFor(d: PeerDiagnostics, settings: HintSettings): Hint[] {
  const gathered = d.candidates.filter((c) => c.direction === 'sent').flatMap((c) => (c.parsed ? [c.parsed] : []));
  const connection = hints({
    snapshot: d.latest,
    relayed: linkRelayed(d),
    state: d.state,
    everConnected: d.everConnected,
    gatheringComplete: d.gatheringComplete,
    gathered,
    candidateErrors: d.candidateErrors,
    ...settings,
  });
  // On Janus: which hop is the weak one (our upload, or theirs as their layer shows).
  return [...connection, ...hopHints(d)];
}

const WEAK_HOPS: readonly WeakHop[] = ['upload-bandwidth', 'upload-cpu', 'their-upload'];

/** Each hop's time as a percentage of the connected time (none before any). */
function sharesOf(ms: Partial<Record<WeakHop, number>>, connectedMs: number): Partial<Record<WeakHop, number>> {
  if (connectedMs <= 0) return {};
  const shares: Partial<Record<WeakHop, number>> = {};
  for (const hop of WEAK_HOPS) {
    const spent = ms[hop];
    if (spent) shares[hop] = (100 * spent) / connectedMs;
  }
  return shares;
}

export function summarizeCall(d: PeerDiagnostics, settings: HintSettings): CallSummary {
  // Hanging up closes every link: a link lost before that keeps its failure, recorded with its cause.
  const failed = d.failure !== null || d.state === 'failed';
  const firstHint = failed && d.failure === null ? hintsFor(d, settings)[0] : undefined;
  return {
    peer: d.name,
    outcome: failed ? 'failed' : d.everConnected ? 'connected' : 'never-connected',
    timeToConnectMs: d.connectedAt === null ? null : d.connectedAt - d.startedAt,
    path: pathWords(d),
    relayedSharePct: d.connectedMs > 0 ? (100 * d.relayedMs) / d.connectedMs : null,
    weakHopSharePct: sharesOf(d.weakHopMs, d.connectedMs),
    avgRttMs: average(d.series.map((p) => p.rttMs)),
    avgLossPct: average(d.series.map((p) => p.lossPct)),
    avgJitterMs: average(d.series.map((p) => p.jitterMs)),
    failureCause: failed
      ? (d.failure ?? (firstHint ? `${firstHint.cause}. ${firstHint.fix}` : 'ICE failed: no candidate pair worked'))
      : null,
    setups: d.setups.map(setupPhases),
    recoveries: d.recoveries,
  };
}

export function summaryLine(s: CallSummary): string {
  const ms = (v: number | null) => (v === null ? '–' : `${Math.round(v)} ms`);
  const parts = [
    s.timeToConnectMs === null
      ? `${s.peer}: ${s.outcome}`
      : `${s.peer}: ${s.outcome === 'failed' ? 'failed after connecting' : 'connected'} in ${ms(s.timeToConnectMs)}`,
    s.path,
    s.relayedSharePct === null ? null : `${Math.round(s.relayedSharePct)} % of the time relayed`,
    `RTT ${ms(s.avgRttMs)}`,
    `loss ${s.avgLossPct === null ? '–' : `${s.avgLossPct.toFixed(1)} %`}`,
    `jitter ${ms(s.avgJitterMs)}`,
    ...WEAK_HOPS.flatMap((hop) => {
      const pct = s.weakHopSharePct[hop];
      return pct === undefined ? [] : [weakHopWords(hop, s.peer, pct)];
    }),
  ];
  const measured = parts.filter(Boolean).join(', ');
  const recovered = recoveriesLine(s.recoveries);
  // The cause is a sentence of its own (it is also what the banner said), after the measurements.
  const line = s.failureCause ? `${measured}. ${asSentence(s.failureCause)}` : measured;
  return recovered ? `${line}${line.endsWith('.') ? '' : '.'} ${asSentence(recovered)}` : line;
}

export interface ReportInput {
  generatedAt: number;
  app: { version: string; platform: string; userAgent: string };
  room: string;
  settings: unknown;
  ice: {
    servers: readonly { urls: string | string[]; username?: string; credential?: string }[];
    source: string;
    expiresAt: number | null;
    error: unknown;
  };
  providerStatus: unknown;
  serverTests: unknown;
  peers: readonly PeerDiagnostics[];
  hintSettings: HintSettings;
  /** By peer id: which tracks the call shows and sends, to name each stream (a peer missing: none listed). */
  tracks: Readonly<Record<string, KnownTracks>>;
}

/** The link's video streams now, by name with their figures (the panel's Streams rows). */
function reportStreams(p: PeerDiagnostics, known: KnownTracks | undefined) {
  if (!known) return [];
  return linkStreams(p, known).map((row) => ({
    name: row.name,
    direction: row.direction,
    source: row.source,
    cameraOff: row.cameraOff,
    frameWidth: row.frameWidth,
    frameHeight: row.frameHeight,
    fps: row.fps,
    kbps: row.kbps,
    limitedBy: row.limitedBy,
  }));
}

export function buildReport(input: ReportInput) {
  const summaries = input.peers.map((p) => summarizeCall(p, input.hintSettings));
  const chromium = /Chrom(e|ium)\/([\d.]+)/.exec(input.app.userAgent)?.[2] ?? 'unknown';
  return {
    summary: [
      `Traverse call report, room "${input.room}", ${new Date(input.generatedAt).toISOString()}`,
      `Traverse ${input.app.version} on ${input.app.platform}, Chromium ${chromium}; ICE from ${input.ice.source}${input.ice.expiresAt ? `, credentials valid until ${new Date(input.ice.expiresAt).toISOString()}` : ''}`,
      ...(summaries.length ? summaries.map(summaryLine) : ['Nobody else was in the call.']),
    ],
    generatedAt: new Date(input.generatedAt).toISOString(),
    app: { ...input.app, chromium },
    settings: maskSecrets(input.settings),
    ice: { ...input.ice, servers: maskIceServers(input.ice.servers), error: maskSecrets(input.ice.error) },
    providerStatus: maskSecrets(input.providerStatus),
    serverTests: maskSecrets(input.serverTests),
    peers: input.peers.map((p, i) => ({
      name: p.name,
      id: p.peerId,
      summary: summaries[i],
      quality: linkQuality(p),
      hints: hintsFor(p, input.hintSettings),
      selectedPath: p.latest?.path
        ? {
            local: describeCandidate(p.latest.path.local),
            remote: describeCandidate(p.latest.path.remote),
            relayed: linkRelayed(p),
          }
        : null,
      streams: reportStreams(p, input.tracks[p.peerId]),
      candidates: p.candidates,
      timeline: p.timeline,
      series: p.series,
    })),
  };
}

export type Report = ReturnType<typeof buildReport>;
