/** A camera that paints a moving picture until paused: its track sends no frame while paused. */
export function canvasCamera() {
  const canvas = document.createElement('canvas');
  canvas.width = 320;
  canvas.height = 240;
  const context = canvas.getContext('2d');
  let painting = true;
  let n = 0;
  const timer = setInterval(() => {
    if (!painting || !context) return;
    context.fillStyle = `hsl(${(n += 7) % 360} 60% 50%)`;
    context.fillRect(0, 0, 320, 240);
    context.fillStyle = '#fff';
    context.fillText(`frame ${n}`, 20, 120);
  }, 33);
  const track = canvas.captureStream(30).getVideoTracks()[0]!;
  return {
    track,
    pause: () => (painting = false),
    resume: () => (painting = true),
    stop: () => clearInterval(timer),
  };
}
