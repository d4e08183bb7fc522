/**
 * Which tile is large in a group call (use-large-tile.ts), in real Chromium with the app's store:
 * someone who speaks for a moment takes it, a pause between their words does not start the count
 * again, and a single short word does not move it. Seen in the five-person e2e: a speaker whose
 * sound came in bursts (on 0.8 s, a 0.2 s pause) never got the large tile, because each pause
 * cleared the count.
 */
import { act, createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SPOTLIGHT_AFTER_MS, useLargeTile } from '../../renderer/src/components/call/use-large-tile';
import { useStore } from '../../renderer/src/store';

declare global {
  var IS_REACT_ACT_ENVIRONMENT: boolean | undefined;
}

const PRESENT = ['ana', 'ben', 'cy', 'eli'];

function Probe() {
  return createElement('output', null, useLargeTile(null, PRESENT) ?? 'none');
}

let output: HTMLElement;
let unmount: () => void;

beforeEach(() => {
  globalThis.IS_REACT_ACT_ENVIRONMENT = true;
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  const root = document.createElement('div');
  document.body.append(root);
  const react = createRoot(root);
  act(() => react.render(createElement(Probe)));
  output = root.querySelector('output')!;
  unmount = () => {
    act(() => react.unmount());
    root.remove();
  };
});

afterEach(() => {
  unmount();
  vi.useRealTimers();
  act(() => useStore.getState().resetCall());
  for (const id of [...PRESENT, 'local']) act(() => useStore.getState().setSpeaking(id, false));
});

const speaking = (id: string, on: boolean) => {
  act(() => {
    useStore.getState().setSpeaking(id, on);
  });
};
const wait = (ms: number) => {
  act(() => {
    vi.advanceTimersByTime(ms);
  });
};

describe('the large tile of a group call', () => {
  it('goes to someone who speaks in bursts: a pause between words does not start the count again', () => {
    speaking('eli', true);
    wait(800);
    speaking('eli', false); // a pause
    wait(200);
    speaking('eli', true);
    wait(SPOTLIGHT_AFTER_MS - 1_000 + 100);
    expect(output.textContent).toBe('eli');
  });

  it('does not move for a single short word, and moves to whoever then speaks for a moment', () => {
    speaking('eli', true);
    wait(SPOTLIGHT_AFTER_MS + 100);
    expect(output.textContent).toBe('eli');
    speaking('eli', false);
    speaking('ben', true); // "yes"
    wait(300);
    speaking('ben', false);
    wait(2_000);
    expect(output.textContent).toBe('eli');
    speaking('cy', true);
    wait(SPOTLIGHT_AFTER_MS + 100);
    expect(output.textContent).toBe('cy');
  });

  it('is never taken by our own voice: when the others stop, the one still speaking is the current speaker', () => {
    speaking('local', true); // we speak (our own microphone), and so do Ben and Eli
    speaking('ben', true);
    speaking('eli', true);
    speaking('ben', false);
    expect(useStore.getState().currentSpeaker).toBe('eli');
    wait(SPOTLIGHT_AFTER_MS + 100);
    expect(output.textContent).toBe('eli');
    speaking('eli', false);
    expect(useStore.getState().currentSpeaker).toBeNull();
  });

  it('when the current speaker mutes, the next one still speaking takes over (seen in the five-person e2e)', () => {
    speaking('eli', true);
    speaking('ben', true);
    act(() => {
      useStore.getState().setPeerMedia('ben', { muted: true, cameraOff: false, screen: null });
    });
    expect(useStore.getState().currentSpeaker).toBe('eli');
    wait(SPOTLIGHT_AFTER_MS + 100);
    expect(output.textContent).toBe('eli');
  });
});
