/**
 * The worker behind a receiver's RTCRtpScriptTransform (W3C WebRTC Encoded
 * Transform), attached only to ask the sender for a keyframe: it passes every
 * encoded frame through untouched and, on a message, calls the transformer's
 * sendKeyFrameRequest() (an RTCP keyframe request to the sender).
 */
interface KeyFrameTransformer {
  readonly readable: ReadableStream;
  readonly writable: WritableStream;
  readonly options: unknown;
  sendKeyFrameRequest(): Promise<void>;
}

interface WorkerScope {
  onrtctransform: ((event: { transformer: KeyFrameTransformer }) => void) | null;
}

const scope = self as unknown as WorkerScope;

scope.onrtctransform = ({ transformer }) => {
  const { port } = transformer.options as { port: MessagePort };
  // Frames pass untouched; the pipe ends by itself when the transform is detached.
  void transformer.readable.pipeTo(transformer.writable).catch(() => undefined);
  port.onmessage = () => {
    transformer.sendKeyFrameRequest().then(
      () => port.postMessage({ sent: true }),
      (error: unknown) => port.postMessage({ sent: false, error: String(error) }),
    );
  };
};
