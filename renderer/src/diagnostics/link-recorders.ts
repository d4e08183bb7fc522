/**
 * The recorders of a call's links, one per remote person: what the panel and
 * the report show about each. A person's recorder outlives a replacement of
 * their link (a Relay only switch is one story) and ends when they leave.
 */
import type { PeerDiagnostics } from '../../../shared/diagnostics';
import { LinkRecorder } from './link-recorder';
import type { CallMarks } from './setup-recorder';

export class LinkRecorders {
  private readonly recorders = new Map<string, LinkRecorder>();

  constructor(
    private readonly nameOf: (remoteId: string) => string,
    private readonly publish: (remoteId: string, data: PeerDiagnostics) => void,
    /** The call's setup marks, so each recorder can say where its setup time went (none: not recorded). */
    private readonly marks?: CallMarks,
  ) {}

  /** The person's recorder, made on first use. */
  for(remoteId: string): LinkRecorder {
    let recorder = this.recorders.get(remoteId);
    if (!recorder) {
      const publish = (data: PeerDiagnostics) => this.publish(remoteId, data);
      recorder = new LinkRecorder(remoteId, this.nameOf(remoteId), publish, undefined, this.marks);
      this.recorders.set(remoteId, recorder);
    }
    return recorder;
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
