/**
 * What a person reads when a link is lost for good or its replacement fails:
 * the facts come from the link and its recorder, the sentences from
 * shared/call-words.ts. The Room decides that it happened; this says it.
 */
import { directSwitchFailedWords, lostWords, relaySwitchFailedWords } from '../../../shared/call-words';
import type { LinkRecorder } from '../diagnostics/link-recorder';
import type { MediaLink } from './link';

/** The errors STUN/TURN servers gave this link (not an older connection to the same peer). */
function errorsOf(link: MediaLink, rec: LinkRecorder | undefined) {
  return (rec?.current.candidateErrors ?? []).filter((e) => e.at >= link.createdAt);
}

/** Why the link in use to `who` is lost. */
export function lostSentence(
  link: MediaLink,
  rec: LinkRecorder,
  who: string,
  neverConnected: boolean,
  signalingDown: boolean,
): string {
  return lostWords({
    who,
    neverConnected,
    relayOnly: link.policy === 'relay',
    relayed: rec.wasRelayed || link.policy === 'relay',
    turnConfigured: link.usesTurn,
    signalingDown,
    errors: errorsOf(link, rec),
  });
}

/** Why the replacement `next` (towards its policy) did not take over: too slow (the deadline passed), or failed (null). */
export function switchFailedSentence(
  next: MediaLink,
  rec: LinkRecorder | undefined,
  who: string,
  timedOutAfterMs: number | null,
): string {
  return next.policy === 'relay'
    ? relaySwitchFailedWords(who, errorsOf(next, rec), timedOutAfterMs)
    : directSwitchFailedWords(who, timedOutAfterMs);
}
