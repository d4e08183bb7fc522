/**
 * The NAT matrix as data: which cells run, what each should do, how an
 * observation is judged against that, and the table printed at the end.
 * Pure, so the judging rules can be read (and reasoned about) on their own.
 */
import type { NatKind, PathCounters } from './lab';

/**
 * How the call should travel: direct with host addresses, direct through NATs,
 * via TURN, via TURN over TCP, not at all, or "connects" where either path is
 * right and only the panels' agreement with the wire is asserted.
 */
export type ExpectedPath = 'host' | 'direct' | 'relay' | 'relay-tcp' | 'fails' | 'connects';

export interface Cell {
  a: NatKind;
  b: NatKind;
  turn: boolean;
  expected: ExpectedPath;
  /** Why that is the expectation, for the table and for whoever reads a failure. */
  because: string;
}

/** What one person's diagnostics panel said about the selected pair. */
export interface PanelView {
  tileState: string;
  localType: string | null;
  remoteType: string | null;
  relayProtocol: string | null;
  /** The panel's own verdict badge, which also sees through a relay mislabelled prflx. */
  badge: 'Relayed' | 'Direct' | null;
  framesRising: boolean;
}

export interface CellResult extends Cell {
  connected: boolean;
  a_view: PanelView;
  b_view: PanelView;
  /** Packets on the wire in the internet namespace during a window of the call. */
  wire: PathCounters | null;
  /** The path the wire shows: media between the routers, or to and from the TURN server. */
  wirePath: 'direct' | 'relay' | 'none';
  problems: string[];
  ms: number;
}

const CONE_WHY = 'port-restricted cone keeps one mapping per socket, so srflx candidates work';
export const CELLS: Cell[] = [
  { a: 'none', b: 'none', turn: false, expected: 'host', because: 'plain routing: host addresses reach each other' },
  {
    a: 'none',
    b: 'none',
    turn: true,
    expected: 'connects',
    // Measured: Chromium sometimes nominates a relay pair before the host pair is checked, and the controlled side keeps sending through it.
    because:
      'any pair works on an open network; host usually wins, but a side may stay on the relay pair nominated first',
  },
  { a: 'cone', b: 'cone', turn: false, expected: 'direct', because: CONE_WHY },
  { a: 'cone', b: 'cone', turn: true, expected: 'direct', because: `${CONE_WHY}; direct outranks relay` },
  {
    a: 'cone',
    b: 'symmetric',
    turn: false,
    expected: 'fails',
    because: 'the symmetric side maps a new port per peer and the cone side filters by port',
  },
  {
    a: 'cone',
    b: 'symmetric',
    turn: true,
    expected: 'relay',
    because: 'only a relay (permissions by address, not port) gets through',
  },
  {
    a: 'symmetric',
    b: 'symmetric',
    turn: false,
    expected: 'fails',
    because: 'neither side can predict the other’s port',
  },
  { a: 'symmetric', b: 'symmetric', turn: true, expected: 'relay', because: 'needs relay' },
  { a: 'udp-blocked', b: 'cone', turn: false, expected: 'fails', because: 'no UDP leaves home A and no TURN server' },
  {
    a: 'udp-blocked',
    b: 'cone',
    turn: true,
    expected: 'relay-tcp',
    because: 'TURN over TCP is the only way out of home A',
  },
];

const DIRECT_TYPES = new Set(['host', 'srflx', 'prflx']);
const LIVE = new Set(['Connected', 'Relayed']);

/** Whether one side's panel shows a relay anywhere on the selected pair. */
export function panelRelayed(view: PanelView): boolean {
  return view.badge === 'Relayed' || view.localType === 'relay' || view.remoteType === 'relay';
}

/** The path the packet counters show; a few STUN keepalives do not make a relayed call. */
export function wirePathOf(wire: PathCounters | null): CellResult['wirePath'] {
  if (!wire) return 'none';
  const relay = wire.relayUdp + wire.relayTcp;
  if (Math.max(wire.direct, relay) < 50) return 'none';
  return wire.direct > relay ? 'direct' : 'relay';
}

/** Everything about an observation that disagrees with the cell's expectation (empty when it agrees). */
export function judge(cell: Cell, connected: boolean, a: PanelView, b: PanelView, wire: PathCounters | null): string[] {
  const problems: string[] = [];
  const wirePath = wirePathOf(wire);
  if (cell.expected === 'fails') {
    if (connected) problems.push(`expected no call (${cell.because}) but it connected`);
    return problems;
  }
  if (!connected)
    return [
      `expected a call via ${cell.expected} (${cell.because}) but it did not connect (A: ${a.tileState}, B: ${b.tileState})`,
    ];
  for (const [who, view] of [
    ['A', a],
    ['B', b],
  ] as const) {
    if (!LIVE.has(view.tileState)) problems.push(`${who}'s tile says ${view.tileState}`);
    if (!view.framesRising) problems.push(`${who} decodes no new frames`);
  }
  if (cell.expected === 'connects') {
    // Each side's panel must match packets on the wire: a side that says relay needs relay traffic, one that says direct needs direct traffic.
    for (const [who, view] of [
      ['A', a],
      ['B', b],
    ] as const) {
      const relayed = panelRelayed(view);
      const seen = relayed ? (wire?.relayUdp ?? 0) + (wire?.relayTcp ?? 0) : (wire?.direct ?? 0);
      if (!view.localType) problems.push(`${who}'s panel shows no selected pair`);
      else if (seen < 50)
        problems.push(`${who}'s panel says ${relayed ? 'relay' : 'direct'} but the wire shows ${JSON.stringify(wire)}`);
    }
    return problems;
  }
  const wantRelay = cell.expected === 'relay' || cell.expected === 'relay-tcp';
  for (const [who, view] of [
    ['A', a],
    ['B', b],
  ] as const) {
    if (panelRelayed(view) !== wantRelay) {
      problems.push(
        `${who}'s panel shows ${view.localType}/${view.remoteType} (${view.badge ?? 'no badge'}), expected ${wantRelay ? 'a relay' : 'a direct pair'}`,
      );
    }
    if (!wantRelay && (!DIRECT_TYPES.has(view.localType ?? '') || !DIRECT_TYPES.has(view.remoteType ?? ''))) {
      problems.push(`${who}'s pair ${view.localType}/${view.remoteType} is not direct`);
    }
  }
  if (cell.expected === 'host' && a.localType !== 'host' && b.localType !== 'host')
    problems.push('expected host addresses on the selected pair');
  if (cell.expected === 'direct' && a.remoteType === 'host' && b.remoteType === 'host') {
    problems.push('host-to-host across two NATs: the private addresses should be unreachable');
  }
  if (cell.expected === 'relay-tcp') {
    if (a.localType !== 'relay' || a.relayProtocol !== 'tcp')
      problems.push(`home A should relay over TCP; its panel says ${a.localType} over ${a.relayProtocol}`);
    if ((wire?.relayTcp ?? 0) < 50)
      problems.push(`the wire shows little TURN-over-TCP traffic (${wire?.relayTcp ?? 0} packets)`);
  }
  // The app's diagnostics must tell the truth about the path the packets took.
  const wireWant = wantRelay ? 'relay' : 'direct';
  if (wirePath !== wireWant)
    problems.push(
      `the wire shows ${wirePath} (${JSON.stringify(wire)}), the panels say ${wantRelay ? 'relay' : 'direct'}`,
    );
  return problems;
}

function pair(view: PanelView): string {
  if (!view.localType) return '–';
  const protocol = view.localType === 'relay' && view.relayProtocol ? ` (${view.relayProtocol})` : '';
  return `${view.localType}${protocol} → ${view.remoteType ?? '?'}`;
}

/** The matrix as a Markdown table: the README's and the console's. */
export function matrixTable(results: readonly CellResult[]): string {
  const rows = [
    '| home A | home B | TURN | expected | connected | A: local → remote | B: local → remote | wire (direct / relay udp / relay tcp pkts) | verdict |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    const wire = r.wire ? `${r.wire.direct} / ${r.wire.relayUdp} / ${r.wire.relayTcp}` : '–';
    const verdict = r.problems.length === 0 ? 'as expected' : `**${r.problems.join('; ')}**`;
    rows.push(
      `| ${r.a} | ${r.b} | ${r.turn ? 'yes' : 'no'} | ${r.expected} | ${r.connected ? 'yes' : 'no'} | ${pair(r.a_view)} | ${pair(r.b_view)} | ${wire} | ${verdict} |`,
    );
  }
  return rows.join('\n');
}

export function cellTitle(cell: Cell): string {
  return `${cell.a}/${cell.b} ${cell.turn ? 'with' : 'without'} TURN → ${cell.expected}`;
}
