/**
 * A short two-note sound for someone joining (rising) or leaving (falling), made with a Web
 * Audio oscillator: no audio file. Each sound has its own AudioContext, closed when it ends.
 */
export function playChime(kind: 'joined' | 'left'): void {
  const context = new AudioContext();
  const oscillator = context.createOscillator();
  const gain = context.createGain();
  const t = context.currentTime;
  const [first, second] = kind === 'joined' ? [660, 880] : [880, 587];
  oscillator.type = 'sine';
  oscillator.frequency.setValueAtTime(first, t);
  oscillator.frequency.setValueAtTime(second, t + 0.12);
  gain.gain.setValueAtTime(0.0001, t);
  gain.gain.exponentialRampToValueAtTime(0.12, t + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.3);
  oscillator.connect(gain).connect(context.destination);
  oscillator.onended = () => void context.close();
  oscillator.start(t);
  oscillator.stop(t + 0.32);
}
