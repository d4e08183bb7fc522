/**
 * When Chromium's WebRTC can use a new interface. Chromium learns of interfaces from the browser's
 * network-change notifier, which waits for a change to settle before it tells WebRTC (on Linux,
 * NetworkChangeNotifierLinux's delays: 2 s after an address change); until then no connection in
 * the page, new or restarted, gathers a candidate there. Measured the way a call would meet it: a
 * fresh RTCPeerConnection, host candidates only (no servers), gathered again and again until one
 * has `address`. In the lab (4 December) that was 4.07 s after vpn0 came up with the default
 * route, and the call through vpn0 came back at that moment: the app's restart cannot gather where
 * Chromium does not look yet.
 */
import type { Page } from '@playwright/test';

/** The wall-clock ms when a fresh connection in `page` first gathered a host candidate on `address`; null if not within `timeoutMs`. */
export function whenWebRtcSees(page: Page, address: string, timeoutMs = 15_000): Promise<number | null> {
  return page.evaluate(
    async ({ address, timeoutMs }) => {
      const gathers = async (): Promise<boolean> => {
        const pc = new RTCPeerConnection();
        pc.createDataChannel('interfaces');
        let found = false;
        const done = new Promise<void>((resolve) => {
          pc.onicecandidate = (e) => {
            if (e.candidate?.address === address) found = true;
            if (!e.candidate) resolve();
          };
        });
        await pc.setLocalDescription();
        await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 1_000))]);
        pc.close();
        return found;
      };
      const end = Date.now() + timeoutMs;
      while (Date.now() < end) {
        if (await gathers()) return Date.now();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return null;
    },
    { address, timeoutMs },
  );
}

/** What a row says of the gap, and the part of it that was the app's (after Chromium could use a new interface). */
export function gapWords(
  gap: number,
  changedAt: number,
  seenAt: number | null | undefined,
): { words: string; appMs: number } {
  if (seenAt === undefined) return { words: `${gap} ms`, appMs: gap };
  if (seenAt === null)
    return { words: `${gap} ms (Chromium's WebRTC never gathered on the new interface)`, appMs: gap };
  const waited = Math.max(0, seenAt - changedAt);
  const appMs = Math.max(0, gap - waited);
  return {
    words: `${gap} ms: Chromium's WebRTC gathered on the new interface ${waited} ms after it came up, the app's part ${appMs} ms`,
    appMs,
  };
}
