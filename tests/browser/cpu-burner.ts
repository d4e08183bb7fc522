/**
 * A CPU burner for tests that must hold up on a loaded machine: a worker
 * thread spinning on one core until stopped. It counts its spins and posts the
 * count now and then, so a test can show it really ran.
 */
export interface CpuBurner {
  /** Spins reported so far (millions). */
  readonly spins: number;
  stop(): void;
}

const SPIN = `let n = 0; for (;;) { n += 1; if (n % 1e6 === 0) postMessage(n / 1e6); }`;

export function startCpuBurner(): CpuBurner {
  const url = URL.createObjectURL(new Blob([SPIN], { type: 'text/javascript' }));
  const worker = new Worker(url);
  let spins = 0;
  worker.onmessage = ({ data }: MessageEvent<number>) => (spins = data);
  return {
    get spins() {
      return spins;
    },
    stop: () => {
      worker.terminate();
      URL.revokeObjectURL(url);
    },
  };
}
