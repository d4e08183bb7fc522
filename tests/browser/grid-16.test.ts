/**
 * The call view with sixteen others (issue 20: "a grid that holds 16 tiles"), rendered in real
 * Chromium with the app's own styles and store: sixteen people cannot run on this machine, so their
 * links and stats are set in the store as the call would set them (the stats from a recorded
 * Chromium call). Every tile is on the grid in four columns without overlapping, and each tile's
 * caption (name, state, figures) stays within its tile, the figures on one line.
 */
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { CallView } from '../../renderer/src/components/CallView';
import { useStore } from '../../renderer/src/store';
import { emptyDiagnostics } from '../../shared/diagnostics';
import { snapshot, type StatsRecord } from '../../shared/stats';
import recorded from '../fixtures/stats/relay-udp.json';
import '../../renderer/src/styles.css';

const NAMES = [
  'Ana',
  'Ben',
  'Cy',
  'Dee',
  'Eli',
  'Fay',
  'Gus',
  'Hal',
  'Ivy',
  'Jo',
  'Kai',
  'Lu',
  'Mo',
  'Ned',
  'Oz',
  'Pia',
];
const reports = (recorded as { reports: StatsRecord[][] }).reports;
const stats = snapshot(reports[1]!, snapshot(reports[0]!));

let unmount: (() => void) | null = null;
afterEach(() => {
  unmount?.();
  useStore.getState().resetCall();
  useStore.getState().resetDiagnostics();
});

describe('the call view with sixteen others', () => {
  it.each([
    [1280, 800],
    [1920, 1080],
  ])('at %i×%i holds every tile in four columns, each caption inside its tile', async (width, height) => {
    await page.viewport(width, height);
    const store = useStore.getState();
    store.setPhase('in-call', 'big-room');
    store.setSelf('me');
    NAMES.forEach((name, i) => {
      const id = `p${i}`;
      store.addPeer(id, name);
      store.setLink(id, 'connected');
      store.setDiagnostics(id, { ...emptyDiagnostics(id, name, 0), state: 'connected', latest: stats });
    });
    const root = document.createElement('div');
    document.body.append(root);
    const react = createRoot(root);
    react.render(createElement(CallView));
    unmount = () => {
      react.unmount();
      root.remove();
    };

    await expect.poll(() => document.querySelectorAll('figure.tile').length).toBe(16);
    const tiles = [...document.querySelectorAll<HTMLElement>('figure.tile')].map((t) => t.getBoundingClientRect());
    const columns = new Set(tiles.map((r) => Math.round(r.left)));
    expect(columns.size).toBe(4);
    for (const [i, a] of tiles.entries())
      for (const b of tiles.slice(i + 1))
        expect(
          a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top,
          'two tiles overlap',
        ).toBe(true);
    for (const tile of document.querySelectorAll<HTMLElement>('figure.tile')) {
      const box = tile.getBoundingClientRect();
      const caption = tile.querySelector('figcaption')!.getBoundingClientRect();
      expect(caption.top, 'the caption stays within its tile').toBeGreaterThanOrEqual(box.top);
      const figures = tile.querySelector<HTMLElement>('.tile-stats')!;
      expect(figures.textContent).toMatch(/RTT \d+ ms/);
      const range = document.createRange();
      range.selectNodeContents(figures);
      const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      expect(lines.size, `"${figures.textContent}" on one line`).toBe(1);
      expect(figures.getBoundingClientRect().right, 'the figures stay within the tile').toBeLessThanOrEqual(box.right);
    }
    await page.screenshot({ path: `../../screenshots/grid-16-${width}.png` });
  });
});
