/**
 * A running mesh moving onto Janus, make-before-break. The signaling server says `room-moved` when
 * a join grows the mesh past the operator's size and puts the newcomer on Janus (server/room-mode.ts).
 * We ask for our admission, publish and subscribe on Janus while the mesh links still carry
 * everyone, and hand each person over once their video through Janus decodes: their tile takes the
 * Janus stream then (until then it shows the mesh's), and we tell them so (`sfuSees`). The mesh link
 * to a person closes only when both sides see each other through Janus, so neither side's tile
 * waits on the other's move; at the deadline whatever is left closes. Nobody hears that anyone
 * left: the people stay, only the path changes.
 */
import type { LinkState, PeerDiagnostics } from '../../../../shared/diagnostics';
import type { JoinResult, PeerInfo, RoomMoved } from '../../../../shared/signaling';
import { errorMessage } from '../../../../shared/error-message';
import { meshMoveFailedWords, meshMovedWords } from '../../../../shared/call-words';
import { SignalingRefused } from '../../signaling/socket-signaling';
import type { LinkStats } from '../link';
import type { RoomEvents, RoomSignaling } from '../room-options';
import type { SfuLinks } from './sfu-links';

/** How long people have to come through Janus before they are handed over anyway. */
const MOVE_DEADLINE_MS = 15_000;
const POLL_MS = 100;

export interface MeshMoveOptions {
  moved: RoomMoved;
  signaling: RoomSignaling;
  /** The call's events (the store's). */
  events: RoomEvents;
  /** Our id and room in the mesh. */
  joined: Pick<JoinResult, 'id' | 'room'>;
  /** The people in the mesh now (id → name). */
  people: ReadonlyMap<string, string>;
  /** SfuLinks for the admission, telling `events` (the move's: held back until each person is handed over). */
  makeSfu(joined: ConstructorParameters<typeof SfuLinks>[0]['joined'], events: RoomEvents): SfuLinks;
  /** Closes the mesh's link to one person, or all of them, telling nobody anyone left. */
  mesh: { release(id: string): void; releaseAll(): void };
  deadlineMs?: number;
}

/** What Janus told about a person before they were handed over: shown once they are. */
interface Held {
  stream?: MediaStream;
  /** Their share's feed on Janus (null: it stopped). */
  screen?: MediaStream | null;
  state?: LinkState;
  diagnostics?: PeerDiagnostics;
}

export class MeshMove {
  /** The mesh's people whose tiles still show the mesh's stream. */
  private readonly held = new Map<string, Held>();
  /** The mesh's people whose video has not decoded through Janus yet. */
  private readonly waiting = new Set<string>();
  private readonly handed = new Set<string>();
  /** The mesh's people who told us our video reaches them through Janus. */
  private readonly theySee = new Set<string>();
  /** The mesh's people whose mesh link is still open. */
  private readonly linked = new Set<string>();
  /** Newcomers who arrived before SfuLinks was made: they are on Janus already. */
  private readonly arrivals: PeerInfo[] = [];
  private readonly startedAt = performance.now();
  /** How long each person's video took to decode through Janus (ms from the move's start). */
  readonly took = new Map<string, number>();
  private cancelled = false;
  sfu: SfuLinks | null = null;

  constructor(private readonly options: MeshMoveOptions) {
    for (const id of options.people.keys()) {
      this.held.set(id, {});
      this.waiting.add(id);
      this.linked.add(id);
    }
  }

  /** Whether the mesh no longer speaks for this person. */
  handedOver(id: string): boolean {
    return this.handed.has(id);
  }

  peerJoined(peer: PeerInfo): void {
    if (this.sfu) this.sfu.signalingEvents.peerJoined(peer);
    else this.arrivals.push(peer);
  }

  peerLeft(id: string): void {
    this.held.delete(id);
    this.waiting.delete(id);
    this.linked.delete(id);
    const arrival = this.arrivals.findIndex((p) => p.id === id);
    if (arrival >= 0) this.arrivals.splice(arrival, 1);
    this.sfu?.signalingEvents.peerLeft(id);
  }

  /** A held person's mesh link left 'connected' during the move: their Janus stream is the better bet now. */
  meshState(id: string, state: LinkState): boolean {
    if (!this.held.has(id) || state === 'connected' || state === 'connecting') return false;
    if (this.held.get(id)?.stream) this.handOver(id);
    return true;
  }

  /** They see us through Janus (their `sfuSees`): the mesh link between us may go once we see them too. */
  seesUs(id: string): void {
    this.theySee.add(id);
    this.unlink(id);
  }

  cancel(): void {
    this.cancelled = true;
  }

  /** Runs the move: SfuLinks on Janus with everyone handed over, or null (the words already said why). */
  async run(): Promise<SfuLinks | null> {
    const { options } = this;
    let sfu: SfuLinks | null = null;
    try {
      if (!options.signaling.admission) throw new Error('this signaling connection gives no Janus admissions');
      const janus = await options.signaling.admission();
      if (this.cancelled) return null;
      const peers = [...options.people].map(([id, name]) => ({ id, name }));
      sfu = options.makeSfu({ ...options.joined, peers: [...peers, ...this.arrivals], janus }, this.events());
      this.sfu = sfu;
      await sfu.connect();
    } catch (error) {
      await sfu?.closeMedia();
      this.sfu = null;
      // The newcomer left before we asked: the room is a mesh again, and nothing needs saying.
      const meshAgain = error instanceof SignalingRefused && error.error.code === 'invalid';
      if (!this.cancelled && !meshAgain)
        options.events.problem(meshMoveFailedWords(options.moved.size, errorMessage(error)));
      return null;
    }
    await this.handOverAsTheyCome(sfu);
    if (this.cancelled) return null;
    for (const id of [...this.held.keys()]) this.handOver(id);
    options.mesh.releaseAll();
    const late = [...this.waiting].map((id) => options.people.get(id) ?? id);
    const slowest = Math.max(0, ...this.took.values());
    // All came: news; someone's video did not: a problem to act on.
    const words = meshMovedWords(options.moved.size, Math.round(slowest), late);
    if (late.length === 0 && options.events.news) options.events.news(words);
    else options.events.problem(words);
    return sfu;
  }

  /**
   * Polls Janus's connections: whoever's video decodes there is handed over and told so, until every
   * mesh link could close or the deadline.
   */
  private async handOverAsTheyCome(sfu: SfuLinks): Promise<void> {
    const deadline = this.startedAt + (this.options.deadlineMs ?? MOVE_DEADLINE_MS);
    while (this.linked.size > 0 && !this.cancelled && performance.now() < deadline) {
      for (const entry of await sfu.stats()) {
        const id = entry.remoteId;
        if (!this.waiting.has(id) || !decodes(entry)) continue;
        this.waiting.delete(id);
        this.took.set(id, performance.now() - this.startedAt);
        this.handOver(id);
        this.options.signaling.signal(id, { sfuSees: true }, () => undefined);
        this.unlink(id);
      }
      if (this.linked.size > 0) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /** Both sides see each other through Janus: the mesh link between them closes. */
  private unlink(id: string): void {
    if (!this.linked.has(id) || this.waiting.has(id) || !this.theySee.has(id)) return;
    this.linked.delete(id);
    this.options.mesh.release(id);
  }

  /** Their tile takes what Janus brings; their screen share (the mesh's) ends. */
  private handOver(id: string): void {
    const held = this.held.get(id);
    if (!held) return;
    this.held.delete(id);
    this.handed.add(id);
    const { events } = this.options;
    // Their share as Janus brings it; none yet ends the mesh's (it would freeze when the mesh link closes).
    events.remoteScreen?.(id, held.screen ?? null);
    if (held.stream) events.remoteStream(id, held.stream);
    if (held.state) events.linkState(id, held.state);
    if (held.diagnostics) events.diagnostics(id, held.diagnostics);
  }

  /** Janus's events for the call: a held person's are kept back until they are handed over. */
  private events(): RoomEvents {
    const { events } = this.options;
    const keep =
      <K extends keyof Held>(key: K, pass: (id: string, value: NonNullable<Held[K]>) => void) =>
      (id: string, value: NonNullable<Held[K]>) => {
        const held = this.held.get(id);
        if (held) held[key] = value;
        else pass(id, value);
      };
    return {
      ...events,
      remoteStream: keep('stream', (id, stream) => events.remoteStream(id, stream)),
      linkState: keep('state', (id, state) => events.linkState(id, state)),
      diagnostics: keep('diagnostics', (id, data) => events.diagnostics(id, data)),
      remoteScreen: (id, stream) => {
        const held = this.held.get(id);
        if (held) held.screen = stream;
        else events.remoteScreen?.(id, stream);
      },
    };
  }
}

/** Whether a connection's stats show decoded video (a person's downlink from Janus). */
function decodes(entry: LinkStats): boolean {
  return entry.records.some(
    (r) =>
      r.type === 'inbound-rtp' &&
      r['kind'] === 'video' &&
      typeof r['framesDecoded'] === 'number' &&
      r['framesDecoded'] > 0,
  );
}
