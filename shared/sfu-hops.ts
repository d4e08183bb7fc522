/**
 * Which hop of a call on Janus is the weak one, as hints (symptom, cause, fix) for the panel and the
 * report: our upload to the SFU (its own diagnostics entry, `SFU_UPLINK_ID`), or a person's upload
 * as seen in their downlink (their tile gets a lower layer than its size asks for).
 */
import type { PeerDiagnostics } from './diagnostics';
import { LAYER_NAMES } from './sfu-layers';
import type { Hint } from './stats-quality';

/** The diagnostics entry of our own upload to Janus. */
export const SFU_UPLINK_ID = 'sfu-uplink';

export function hopHints(d: PeerDiagnostics): Hint[] {
  return d.peerId === SFU_UPLINK_ID ? uplinkHints(d) : downlinkHints(d);
}

function uplinkHints(d: PeerDiagnostics): Hint[] {
  const limits = new Set((d.latest?.sentVideo ?? []).map((v) => v.limitedBy));
  if (limits.has('bandwidth'))
    return [
      {
        symptom: 'Your upload is the bottleneck: your browser sends less video than it would, for lack of bandwidth',
        cause: 'Your upload to the SFU cannot carry all the layers of your video, so the others see you in a lower one',
        fix: 'Stop other uploads on this network or move closer to the Wi-Fi router; turn your camera off to keep your voice clear',
      },
    ];
  if (limits.has('cpu'))
    return [
      {
        symptom: "Your computer's CPU is holding back your video",
        cause: 'Encoding your camera in three layers takes more processor time than this computer has free',
        fix: 'Close other apps or browser tabs, or plug the laptop in; the others see you in a lower layer until then',
      },
    ];
  return [];
}

function downlinkHints(d: PeerDiagnostics): Hint[] {
  const layer = d.layer;
  if (!layer || layer.received === null || layer.received >= layer.wanted) return [];
  return [
    {
      symptom: `${d.name}'s video arrives in the ${LAYER_NAMES[layer.received]} layer, not the ${LAYER_NAMES[layer.wanted]} one their tile asks for`,
      cause: `${d.name}'s upload is the bottleneck: they send no higher layer now (their bandwidth or CPU), not your connection`,
      fix: `Nothing to change on your side; ${d.name}'s own diagnostics ("Your upload to the SFU") say what holds them back`,
    },
  ];
}
