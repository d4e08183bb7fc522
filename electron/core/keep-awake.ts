/**
 * Keeps the display from sleeping while a call runs (as Element does): one
 * powerSaveBlocker, started once however often the renderer says a call is
 * active, stopped when it ends or the window closes. Electron's blocker is a port.
 */
export interface PowerSaveBlockerPort {
  start(type: 'prevent-display-sleep'): number;
  stop(id: number): boolean;
  isStarted(id: number): boolean;
}

export interface KeepAwake {
  /** A call started (true) or ended (false); returns whether the display is now kept awake. */
  set(active: boolean): boolean;
  /** Stops the blocker: our window closed or its page went away. */
  release(): void;
  isAwake(): boolean;
}

export function createKeepAwake(blocker: PowerSaveBlockerPort): KeepAwake {
  let id: number | null = null;
  const isAwake = () => id !== null && blocker.isStarted(id);
  const release = () => {
    if (id !== null && blocker.isStarted(id)) blocker.stop(id);
    id = null;
  };
  return {
    set(active) {
      if (!active) release();
      else if (!isAwake()) id = blocker.start('prevent-display-sleep');
      return isAwake();
    },
    release,
    isAwake,
  };
}
