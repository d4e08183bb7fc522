/**
 * `npm run lint:security` (scripts/lint-security.mjs) for real: electronegativity
 * passes on our tree, fails on a planted insecure BrowserWindow, accepts that
 * window only with a reasoned inline justification per finding, and refuses the
 * ways around it (eng-disable, a justification without a reason, a stale one).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '../..');
const script = join(repo, 'scripts/lint-security.mjs');

function scan(root: string): { code: number | null; output: string } {
  const run = spawnSync(process.execPath, [script, '--root', root], { encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, output: `${run.stdout}\n${run.stderr}` };
}

const tempRoots: string[] = [];
afterAll(() => {
  for (const root of tempRoots) rmSync(root, { recursive: true, force: true });
});

/** A copy of our electron/ (and the renderer page with its CSP) plus `planted` as electron/planted-window.ts. */
function treeWith(planted: string): string {
  const root = mkdtempSync(join(tmpdir(), 'traverse-scan-'));
  tempRoots.push(root);
  cpSync(join(repo, 'electron'), join(root, 'electron'), { recursive: true });
  mkdirSync(join(root, 'renderer'));
  cpSync(join(repo, 'renderer/index.html'), join(root, 'renderer/index.html'));
  symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'), 'dir');
  writeFileSync(join(root, 'electron/planted-window.ts'), planted);
  return root;
}

// No `sandbox` key: electronegativity 1.10.3 stays silent about nodeIntegration when `sandbox: false` is also set.
const BAD_WINDOW = `import { BrowserWindow } from 'electron';

export function openUnsafe(): BrowserWindow {
  return new BrowserWindow({
    webPreferences: {
      nodeIntegration: true,
      contextIsolation: false,
      webSecurity: false,
    },
  });
}
`;

const WHY = 'test fixture proving that a reasoned justification is accepted';
const JUSTIFIED_WINDOW = `import { BrowserWindow } from 'electron';

export function openUnsafe(): BrowserWindow {
  // electronegativity-ok: SANDBOX_JS_CHECK ${WHY}
  // electronegativity-ok: AUXCLICK_JS_CHECK ${WHY}
  return new BrowserWindow({
    webPreferences: {
      nodeIntegration: true, // electronegativity-ok: NODE_INTEGRATION_JS_CHECK ${WHY}
      // electronegativity-ok: CONTEXT_ISOLATION_JS_CHECK ${WHY}
      contextIsolation: false,
      /* electronegativity-ok: WEB_SECURITY_JS_CHECK ${WHY} */
      webSecurity: false,
    },
  });
}
`;

const CHECKS = ['NODE_INTEGRATION_JS_CHECK', 'CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'WEB_SECURITY_JS_CHECK'];

describe('npm run lint:security', () => {
  it('passes on our tree: every finding is justified inline', () => {
    const { code, output } = scan(repo);
    expect(output).toMatch(/lint:security: \d+ files scanned .* 0 problems/);
    expect(output).not.toContain('FAIL');
    expect(code).toBe(0);
  }, 60_000);

  it('fails on a planted BrowserWindow with Node, no isolation, no sandbox and no web security, naming each finding', () => {
    const { code, output } = scan(treeWith(BAD_WINDOW));
    expect(code).toBe(1);
    for (const check of CHECKS) {
      expect(output).toMatch(new RegExp(`FAIL electron/planted-window\\.ts:\\d+ ${check}`));
    }
  }, 60_000);

  it('accepts the same window once each finding carries a reasoned justification', () => {
    const { code, output } = scan(treeWith(JUSTIFIED_WINDOW));
    for (const check of CHECKS) expect(output).toMatch(new RegExp(`ok {3}electron/planted-window\\.ts:\\d+ ${check}`));
    expect(output).not.toContain('FAIL');
    expect(code).toBe(0);
  }, 60_000);

  it('refuses eng-disable, a justification without a reason and a stale justification', () => {
    const planted = JUSTIFIED_WINDOW.replace(`NODE_INTEGRATION_JS_CHECK ${WHY}`, 'NODE_INTEGRATION_JS_CHECK ok')
      .replace(
        `// electronegativity-ok: CONTEXT_ISOLATION_JS_CHECK ${WHY}`,
        '/* eng-disable CONTEXT_ISOLATION_JS_CHECK */',
      )
      .concat('// electronegativity-ok: REMOTE_MODULE_JS_CHECK nothing here uses the remote module any more\n');
    const { code, output } = scan(treeWith(planted));
    expect(code).toBe(1);
    expect(output).toMatch(/FAIL electron\/planted-window\.ts: uses electronegativity's eng-disable/);
    expect(output).toMatch(
      /FAIL electron\/planted-window\.ts:\d+ justification for NODE_INTEGRATION_JS_CHECK gives no reason/,
    );
    expect(output).toMatch(
      /FAIL electron\/planted-window\.ts:\d+ justifies REMOTE_MODULE_JS_CHECK, but no such finding/,
    );
    expect(output).not.toMatch(/justifies NODE_INTEGRATION_JS_CHECK, but no such finding/);
  }, 60_000);
});
