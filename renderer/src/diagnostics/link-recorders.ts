/**
 * The recorders of a call's links, one per remote person: what the panel and
 * the report show about each. A person's recorder outlives a replacement of
 * their link (a Relay only switch is one story) and ends when they leave.
 */
import type { PeerDiagnostics } from '../../../shared/diagnostics';
import { LinkRecorder, type LinkStart } from './link-recorder';
import type { CallMarks } from './setup-recorder';

export class LinkRecorders {
  private readonly recorders = new Map<string, LinkRecorder>();

  constructor(
    private readonly nameOf: (remoteId: string) => string,
    private readonly publish: (remoteId: string, data: PeerDiagnostics) => void,
    /** The call's setup marks, so each recorder can say where its setup time went (none: not recorded). */
    private readonly marks?: CallMarks,
  ) {}

  /**
   * The person's recorder, made on first use: made for a connection, it starts as that one's
   * record (its session and ICE transport policy: Relay only from the start says relay).
   */
  for(remoteId: string, first?: LinkStart): LinkRecorder {
    let recorder = this.recorders.get(remoteId);
    if (!recorder) {
      const publish = (data: PeerDiagnostics) => this.publish(remoteId, data);
      recorder = new LinkRecorder(remoteId, this.nameOf(remoteId), publish, undefined, this.marks, first);
      this.recorders.set(remoteId, recorder);
    }
    return recorder;
  }

  /** Every recorder speaks for the connections of `session` from now on (they replaced the older ones). */
  useAll(session: number, policy: RTCIceTransportPolicy): void {
    for (const recorder of this.recorders.values()) recorder.use(session, policy);
  }

  /** The person's recorder if they have one (a person who left has none). */
  get(remoteId: string): LinkRecorder | undefined {
    return this.recorders.get(remoteId);
  }

  /** The person left: their record says closed and is kept by the store, not here. */
  end(remoteId: string): void {
    this.recorders.get(remoteId)?.state('closed');
    this.recorders.delete(remoteId);
  }
}
