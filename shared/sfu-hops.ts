/**
 * Which hop of a call on Janus is the weak one, as hints (symptom, cause, fix) for the panel and the
 * report: our upload to the SFU (its own diagnostics entry, `SFU_UPLINK_ID`), or a person's upload
 * as seen in their downlink (their tile gets a lower layer than its size asks for).
 */
import type { PeerDiagnostics, WeakHop } from './diagnostics';
import { LAYER_NAMES, type Layer } from './sfu-layers';
import { quality, type Hint, type Quality } from './stats-quality';

/** The diagnostics entry of our own upload to Janus. */
export const SFU_UPLINK_ID = 'sfu-uplink';
/** Its name, as a tab and a summary line begin ("Your upload to the SFU: connected in …"). */
export const SFU_UPLINK_NAME = 'Your upload to the SFU';

/** The hint for the weak hop, if a hop holds the link back now (weakHop). */
export function hopHints(d: PeerDiagnostics): Hint[] {
  switch (weakHop(d)) {
    case 'upload-bandwidth':
      return [
        {
          symptom: 'Your upload is the bottleneck: your browser sends less video than it would, for lack of bandwidth',
          cause:
            'Your upload to the SFU cannot carry all the layers of your video, so the others see you in a lower one',
          fix: 'Stop other uploads on this network or move closer to the Wi-Fi router; turn your camera off to keep your voice clear',
        },
      ];
    case 'upload-cpu':
      return [
        {
          symptom: "Your computer's CPU is holding back your video",
          cause: 'Encoding your camera in three layers takes more processor time than this computer has free',
          fix: 'Close other apps or browser tabs, or plug the laptop in; the others see you in a lower layer until then',
        },
      ];
    case 'their-upload':
      return d.layer && d.layer.received !== null ? [theirUploadHint(d.name, d.layer.received, d.layer.wanted)] : [];
    case null:
      return [];
  }
}

function theirUploadHint(name: string, received: Layer, wanted: Layer): Hint {
  return {
    symptom: `${name}'s video arrives in the ${LAYER_NAMES[received]} layer, not the ${LAYER_NAMES[wanted]} one their tile asks for`,
    cause: `${name}'s upload is the bottleneck: they send no higher layer now (their bandwidth or CPU), not your connection`,
    fix: `Nothing to change on your side; ${name}'s own diagnostics ("Your upload to the SFU") say what holds them back`,
  };
}

/** Which hop holds the link back now, if one does: our encoder's quality limitation, or their layer below the tile's. */
export function weakHop(d: PeerDiagnostics): WeakHop | null {
  if (d.peerId === SFU_UPLINK_ID) {
    const limits = new Set((d.latest?.sentVideo ?? []).map((v) => v.limitedBy));
    if (limits.has('bandwidth')) return 'upload-bandwidth';
    if (limits.has('cpu')) return 'upload-cpu';
    return null;
  }
  const layer = d.layer;
  if (!layer || layer.received === null || layer.received >= layer.wanted) return null;
  return 'their-upload';
}

/** Why a hop holds the link back, in the grade's words (none: it does not). */
function hopReason(d: PeerDiagnostics): string | null {
  const hop = weakHop(d);
  if (hop === 'upload-bandwidth') return 'your upload held back for lack of bandwidth';
  if (hop === 'upload-cpu') return 'your video held back by the CPU';
  if (hop === 'their-upload') return `${d.name}'s video in a lower layer than the tile asks`;
  return null;
}

/** A hop's share of the call, for the after-call summary: "Ben's upload the bottleneck 25 % of the time (…)". */
export function weakHopWords(hop: WeakHop, name: string, pct: number): string {
  const share = `${Math.max(1, Math.round(pct))} % of the time`;
  if (hop === 'upload-bandwidth') return `your upload held back by bandwidth ${share}`;
  if (hop === 'upload-cpu') return `your video held back by the CPU ${share}`;
  return `${name}'s upload the bottleneck ${share} (a lower layer than the tile asked for)`;
}

/**
 * The link's grade (stats-quality.ts), at most fair while a hop holds it back: the badge never says
 * good beside a hint that names a bottleneck (the same conditions as hopHints).
 */
export function linkQuality(d: PeerDiagnostics): Quality {
  const q = quality(d.latest);
  const reason = q.grade === 'unknown' ? null : hopReason(d);
  if (reason === null) return q;
  return { grade: q.grade === 'good' ? 'fair' : q.grade, reasons: [...q.reasons, reason] };
}
