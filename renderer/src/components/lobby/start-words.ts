/** The sentence the lobby shows about how the next call starts, from the switches. */
export function startWords(muted: boolean, cameraOff: boolean, relayOnly: boolean): string {
  const media =
    muted && cameraOff
      ? 'You will join muted, with your camera off.'
      : muted
        ? 'You will join muted, with your camera on.'
        : cameraOff
          ? 'You will join with your camera off and your microphone on.'
          : 'You will join with your microphone and camera on.';
  return relayOnly ? `${media} Every connection will go through a TURN relay (Relay only).` : media;
}
