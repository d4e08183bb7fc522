/**
 * Asks the sender of a received video track for a keyframe, with the documented
 * API (W3C WebRTC Encoded Transform): an RTCRtpScriptTransform attached to the
 * receiver only for the request, whose worker calls sendKeyFrameRequest() (a
 * PLI, counted in the receiver's inbound-rtp pliCount). Attached once a stall
 * is seen (no frames pass then, so nothing is slowed), taken off when it ends.
 * One worker per link, made on the first request.
 */
import { z } from 'zod';
import type { KeyframeOutcome } from '../../../shared/video-stall-words';

const Answer = z.union([z.object({ sent: z.literal(true) }), z.object({ sent: z.literal(false), error: z.string() })]);

/** How long the worker may take to answer before the request counts as not made. */
const ANSWER_MS = 2_000;

export class KeyframeRequests {
  private worker: Worker | null = null;
  private readonly attached = new Map<RTCRtpReceiver, MessagePort>();

  /** One request for this receiver's track; says whether it was made, and why not. */
  request(receiver: RTCRtpReceiver): Promise<KeyframeOutcome> {
    if (typeof RTCRtpScriptTransform === 'undefined')
      return Promise.resolve({ sent: false, why: 'this browser has no RTCRtpScriptTransform' });
    let port: MessagePort;
    try {
      port = this.attach(receiver);
    } catch (error) {
      return Promise.resolve({ sent: false, why: `the transform could not be attached: ${String(error)}` });
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve({ sent: false, why: 'the transform did not answer in 2 s' }), ANSWER_MS);
      port.onmessage = ({ data }: MessageEvent<unknown>) => {
        clearTimeout(timer);
        const answer = Answer.safeParse(data);
        if (!answer.success) resolve({ sent: false, why: 'the transform answered something else' });
        else resolve(answer.data.sent ? { sent: true } : { sent: false, why: answer.data.error });
      };
      port.postMessage('key-frame');
    });
  }

  /** The stall is over: the transform comes off, frames go straight to the decoder again. */
  release(receiver: RTCRtpReceiver): void {
    const port = this.attached.get(receiver);
    if (!port) return;
    this.attached.delete(receiver);
    port.close();
    receiver.transform = null;
  }

  stop(): void {
    for (const receiver of [...this.attached.keys()]) this.release(receiver);
    this.worker?.terminate();
    this.worker = null;
  }

  private attach(receiver: RTCRtpReceiver): MessagePort {
    const known = this.attached.get(receiver);
    if (known) return known;
    this.worker ??= new Worker(new URL('./keyframe-worker.ts', import.meta.url), { type: 'module' });
    const channel = new MessageChannel();
    receiver.transform = new RTCRtpScriptTransform(this.worker, { port: channel.port2 }, [channel.port2]);
    this.attached.set(receiver, channel.port1);
    return channel.port1;
  }
}
