#!/usr/bin/env node
// `npm test`: installs what the tests need when it can, then runs every suite
// (static checks, unit, integration, browser, e2e, Electron smoke) and ends
// with one line: "N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { countPlaywright as addPlaywright, countVitest as addVitest } from './test-results.mjs';

const NEEDS = [
  { bin: '/usr/bin/chromium', pkg: 'chromium', why: 'browser and e2e tests run calls in real Chromium' },
  { bin: '/usr/bin/turnserver', pkg: 'coturn', why: 'TURN tests start a real coturn' },
  { bin: '/usr/bin/turnutils_uclient', pkg: 'coturn', why: "TURN tests check credentials with coturn's own client" },
  { bin: '/usr/bin/redis-server', pkg: 'redis-server', why: 'scale-out tests start a real Redis' },
  { bin: '/usr/sbin/nginx', pkg: 'nginx', why: "the scale-out e2e runs behind a real nginx with deploy/'s site" },
  {
    bin: '/usr/bin/janus',
    pkg: 'janus',
    why: "group-call tests start a real Janus (VideoRoom) and run deploy/janus/'s config",
  },
  { bin: '/usr/sbin/ip', pkg: 'iproute2', why: 'NAT lab tests build network namespaces' },
  { bin: '/usr/sbin/iptables', pkg: 'iptables', why: 'NAT lab tests build NATs and firewalls' },
  { bin: '/usr/sbin/sysctl', pkg: 'procps', why: "NAT lab tests turn on forwarding in the routers' namespaces" },
  {
    bin: '/usr/bin/python3',
    pkg: 'python3-minimal',
    why: "the NAT lab's link emulator (tests/natlab/wire.py) imposes delay, jitter and loss",
  },
  {
    bin: '/usr/bin/openssl',
    pkg: 'openssl',
    why: 'TLS tests (turns:, nginx, coturn deploy) make self-signed certificates',
  },
];

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' }, ...opts });
  return r.status ?? 1;
}

function ensureSystemPackages() {
  const missing = NEEDS.filter((n) => !existsSync(n.bin));
  if (missing.length === 0) return;
  const pkgs = [...new Set(missing.map((m) => m.pkg))];
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root) {
    console.error(`Missing system packages: ${pkgs.join(', ')}.`);
    for (const m of missing) console.error(`  ${m.bin} (${m.pkg}): ${m.why}`);
    console.error(`Install them with: sudo apt-get install -y ${pkgs.join(' ')}`);
    return;
  }
  console.log(`Installing ${pkgs.join(', ')} from Debian (tests need them)...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (run('apt-get', ['update', '-q'], { env }) !== 0)
    console.error('apt-get update failed; trying the install anyway');
  if (run('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...pkgs], { env }) !== 0) {
    console.error(
      `apt-get install ${pkgs.join(' ')} failed: the suites that need them will fail or say why they skipped.`,
    );
  }
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
const failedTests = [];
/** Each failed test's message, its first lines: the explanation a failure printed (a link dump, say). */
const failureDetails = [];
const countVitest = (file) => addVitest(file, totals, failedTests, process.cwd(), failureDetails);
const countPlaywright = (file) => addPlaywright(file, totals, failedTests, failureDetails);

/** How long each step took, printed at the end: what a slower run spent its time on. */
const durations = [];

function step(name, cmd, args) {
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const status = run(cmd, args);
  durations.push({ name, seconds: (Date.now() - started) / 1000 });
  if (status !== 0) failures.push(name);
  return status;
}

ensureSystemPackages();
mkdirSync('test-results', { recursive: true });

step('typecheck', 'npx', ['tsc', '-b']);
step('format (prettier --check)', 'npx', ['prettier', '--check', '.']);
step('lint', 'npx', ['eslint', '--max-warnings', '0', '.']);
if (existsSync('scripts/lint-security.mjs')) step('lint:security', 'node', ['scripts/lint-security.mjs']);
step('build', 'npx', ['electron-vite', 'build']);
const vitest = (projects, out) => [
  'vitest',
  'run',
  ...projects.flatMap((p) => ['--project', p]),
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${out}`,
];
step(
  'unit, integration, browser (vitest)',
  'npx',
  vitest(['unit', 'integration', 'browser'], 'test-results/vitest.json'),
);
if (!countVitest('test-results/vitest.json')) failures.push('vitest wrote no results');
// Timing under a load the tests make themselves (a CPU burner): with nothing else running beside them.
step('browser, alone (vitest)', 'npx', vitest(['alone'], 'test-results/vitest-alone.json'));
if (!countVitest('test-results/vitest-alone.json')) failures.push('vitest (alone) wrote no results');
step('e2e (Playwright + Chromium)', 'npx', ['playwright', 'test']);
if (!countPlaywright('test-results/e2e.json')) failures.push('playwright wrote no results');
step('NAT lab (network namespaces)', 'npx', ['playwright', 'test', '--config', 'tests/natlab/playwright.config.ts']);
if (!countPlaywright('test-results/natlab.json')) failures.push('the NAT lab wrote no results');
step('Electron smoke', 'npx', ['playwright', 'test', '--config', 'tests/electron/playwright.config.ts']);
if (!countPlaywright('test-results/electron.json')) failures.push('electron smoke wrote no results');

// CI keeps only the tail of a log: the first three failures' own words come last but for the summary.
for (const detail of failureDetails.slice(0, 3)) console.log(`\n--- failure ---\n${detail}`);
console.log('\nTime per step:');
for (const d of durations) console.log(`  ${d.seconds.toFixed(0).padStart(5)} s  ${d.name}`);
console.log('');
if (failedTests.length) {
  console.log('Failed tests:');
  for (const line of failedTests) console.log(`  ${line.slice(0, 300)}`);
}
if (failures.length) console.log(`Failed steps: ${failures.join(', ')}`);
if (totals.passed === 0) failures.push('no test ran');
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failures.length === 0 && totals.failed === 0 ? 0 : 1);
