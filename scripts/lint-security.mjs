#!/usr/bin/env node
// `npm run lint:security`: Doyensec's electronegativity over the code we ship
// (electron/, renderer/, shared/, server/), read back from its SARIF output.
// It exits 0 whatever it finds, so this script is the gate: every finding must
// carry an inline justification, or the run fails.
//
// Justify a finding with a comment on its line or in the comment block right
// above it, naming the check and saying why it is safe here:
//   // electronegativity-ok: OPEN_EXTERNAL_JS_CHECK only http(s) URLs reach it (isExternalUrlAllowed)
//   <!-- electronegativity-ok: CSP_GLOBAL_CHECK why ... -->
// Also fails on: a justification without a reason, a justification no finding
// needs any more (stale), electronegativity's own silent `eng-disable`
// comments, and files it could not parse (it would be blind to them).
//
// Usage: node scripts/lint-security.mjs [--root DIR] [--sarif FILE]
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCANNED = ['electron', 'renderer', 'shared', 'server', 'package.json'];
const SOURCE = /\.(m?[jt]sx?|html?)$/;
const MARKER = /electronegativity-ok:[ \t]*([A-Z0-9_]+)[ \t]*(.*?)[ \t]*(?:\*\/|-->)?[ \t]*$/;
// Checks that cannot work offline: this one downloads Electron's release list.
// The Electron version is pinned in package.json and updated through npm instead.
const OFFLINE_EXCLUDED = {
  AvailableSecurityFixesGlobalCheck: "needs Electron's release list from the internet",
  ElectronVersionJSONCheck:
    'only reports the Electron version to AvailableSecurityFixesGlobalCheck; no finding of its own',
};

function args() {
  const out = { root: resolve(fileURLToPath(new URL('..', import.meta.url))), sarif: '' };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) {
    if (argv[i] === '--root') out.root = resolve(argv[i + 1]);
    else if (argv[i] === '--sarif') out.sarif = resolve(argv[i + 1]);
    else throw new Error(`unknown argument ${argv[i]}; usage: lint-security.mjs [--root DIR] [--sarif FILE]`);
  }
  return out;
}

/** Loads electronegativity with its HTTP client replaced by one that answers at once: the scan never touches the network. */
function loadScanner(root) {
  const require = createRequire(join(root, 'package.json'));
  let runnerPath;
  try {
    runnerPath = require.resolve('@doyensec/electronegativity/dist/runner.js');
  } catch {
    throw new Error('@doyensec/electronegativity is not installed: run `npm install`');
  }
  const gotPath = createRequire(runnerPath).resolve('got');
  // Answers "unavailable" at once: the translations fetch then keeps the bundled English texts.
  const offline = () => Promise.resolve({ statusCode: 503, body: '' });
  offline.head = offline;
  const stub = new Module(gotPath);
  stub.exports = offline;
  stub.loaded = true;
  require.cache[gotPath] = stub;
  return createRequire(runnerPath)('./runner.js');
}

function electronVersion(root) {
  const pkg = join(root, 'node_modules', 'electron', 'package.json');
  return existsSync(pkg) ? JSON.parse(readFileSync(pkg, 'utf8')).version : undefined;
}

/** electronegativity writes its SARIF file without waiting for the write: read it once it is complete. */
async function readSarif(path) {
  for (let waited = 0; ; waited += 50) {
    try {
      return JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      if (waited > 10_000) throw new Error(`electronegativity wrote no readable SARIF at ${path}: ${error.message}`);
      await new Promise((done) => setTimeout(done, 50));
    }
  }
}

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules') return [];
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** The justification for `ruleId` on `line` (1-based) or in the comment block right above it. */
function justification(lines, line, ruleId) {
  const isComment = (text) => /^\s*(\/\/|\/\*|\*|<!--)/.test(text) || /-->\s*$/.test(text);
  for (let i = line - 1; i >= 0 && (i === line - 1 || isComment(lines[i] ?? '')); i--) {
    const match = MARKER.exec(lines[i] ?? '');
    if (match && match[1] === ruleId) return { at: i + 1, reason: match[2] };
  }
  return null;
}

/** Each finding needs a justification with a reason on its line or just above; returns which were used. */
function judgeFindings(findings, input, files) {
  const problems = [];
  const used = new Set();
  let justified = 0;
  for (const finding of findings) {
    const location = finding.locations?.[0]?.physicalLocation;
    const file = location?.artifactLocation?.uri ?? 'N/A';
    const line = location?.region?.startLine ?? 0;
    const where = `${file}:${line}`;
    const what = `${finding.ruleId} (${finding.level}): ${finding.message?.text ?? ''}`;
    if (!files.includes(file) || line < 1) {
      problems.push(`${where} ${what} [a whole-app finding with no line to justify it on: fix it]`);
      continue;
    }
    const found = justification(readFileSync(join(input, file), 'utf8').split('\n'), line, finding.ruleId);
    if (!found) {
      problems.push(
        `${where} ${what} [fix it, or justify it: "electronegativity-ok: ${finding.ruleId} <why it is safe here>"]`,
      );
      continue;
    }
    used.add(`${file}:${found.at}:${finding.ruleId}`);
    if (!/[a-z].{9,}/i.test(found.reason)) {
      problems.push(`${file}:${found.at} justification for ${finding.ruleId} gives no reason`);
    } else {
      justified += 1;
      console.log(`  ok   ${where} ${finding.ruleId}: ${found.reason}`);
    }
  }
  return { problems, used, justified };
}

/** Justifications no finding used: stale once the code they excused has changed. */
function staleJustifications(input, files, used) {
  const problems = [];
  for (const file of files) {
    readFileSync(join(input, file), 'utf8')
      .split('\n')
      .forEach((text, i) => {
        const match = MARKER.exec(text);
        if (match && !used.has(`${file}:${i + 1}:${match[1]}`)) {
          problems.push(`${file}:${i + 1} justifies ${match[1]}, but no such finding is there any more: remove it`);
        }
      });
  }
  return problems;
}

function main() {
  const { root, sarif } = args();
  const stage = mkdtempSync(join(tmpdir(), 'traverse-lint-security-'));
  const sarifPath = sarif || join(stage, 'electronegativity.sarif');
  const input = join(stage, 'src');
  // Only what ships: tests, fixtures and build output are not scanned.
  for (const entry of SCANNED) {
    if (existsSync(join(root, entry)))
      cpSync(join(root, entry), join(input, entry), { recursive: true, filter: (p) => !p.includes('node_modules') });
  }
  const files = walk(input)
    .filter((f) => SOURCE.test(f))
    .map((f) => relative(input, f));
  const problems = [];
  const silenced = files.filter((f) => /eng-disable/.test(readFileSync(join(input, f), 'utf8')));
  for (const f of silenced)
    problems.push(
      `${f}: uses electronegativity's eng-disable, which hides findings without a reason; use "electronegativity-ok: CHECK reason"`,
    );

  const run = loadScanner(root);
  return run(
    {
      input,
      output: sarifPath,
      isSarif: true,
      customScan: [],
      excludeFromScan: Object.keys(OFFLINE_EXCLUDED).map((c) => c.toLowerCase()),
      isRelative: true,
      isVerbose: true,
      electronVersionOverride: electronVersion(root),
      parserPlugins: [],
    },
    false,
  ).then(async (result) => {
    for (const error of result.errors.filter((e) => !e.tolerable)) {
      problems.push(
        `${relative(input, error.file)}: electronegativity could not parse it (${error.message}), so it was not checked`,
      );
    }
    const report = await readSarif(sarifPath);
    const findings = report.runs.flatMap((r) => r.results ?? []);
    const judged = judgeFindings(findings, input, files);
    problems.push(...judged.problems, ...staleJustifications(input, files, judged.used));
    for (const [check, why] of Object.entries(OFFLINE_EXCLUDED)) console.log(`  skip ${check}: ${why}`);
    for (const problem of problems) console.error(`  FAIL ${problem}`);
    console.log(
      `lint:security: ${files.length} files scanned by electronegativity ${result.globalChecks + result.atomicChecks} checks; ` +
        `${findings.length} findings, ${judged.justified} justified inline, ${problems.length} problems`,
    );
    if (!sarif) rmSync(stage, { recursive: true, force: true });
    return problems.length === 0 ? 0 : 1;
  });
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`lint:security could not run: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
