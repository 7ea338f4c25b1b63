#!/usr/bin/env node
// `pnpm bench`: Slipway against cdk8s on the same N-service stacks, as whole processes through
// each tool's own CLI, plus a CPU profile of Slipway. A report: exits 0 whatever the figures,
// 1 only when a tool fails or writes the wrong output. See docs/performance.md.
//
//   node bench/run.mjs [--n 3,100,1000,5000] [--runs K] [--no-profile]
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasGnuTime, measure } from './_measure.mjs';
import { analyseDir } from './_profile.mjs';
import { checkTargets, formatTargets, median, summarize, table } from './_report.mjs';
import { writeStacks } from './_stacks.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WORK = join(ROOT, 'bench', '.work');
const SYNTH_BIN = join(ROOT, 'packages', 'core', 'bin', 'synth.mjs');
const CDK8S_BIN = join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');
const NODE = process.execPath;
/** Runs per N when --runs is not given: fewer for the slow large stacks. */
const DEFAULT_RUNS = { 3: 7, 100: 5, 1000: 3, 5000: 3 };
const RUN_TIMEOUT_S = 120;

const args = parseArgs(process.argv.slice(2));
main().catch((error) => {
  console.error(`bench: ${error.message}`);
  process.exitCode = 1;
});

async function main() {
  preflight();
  mkdirSync(WORK, { recursive: true });
  const started = Date.now();
  console.log(`Slipway vs cdk8s: ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), node ${process.version}, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  if (!hasGnuTime) console.log('(GNU time not found: install Debian package "time" for exact per-process RSS and CPU time)');
  console.log('Each run is a fresh process tree (cold: no cache of any kind is kept); tools run interleaved; medians shown.\n');

  const rows = [];
  for (const n of args.ns) {
    const stacks = writeStacks(WORK, n);
    writeFileSync(join(stacks.cdk8s, 'package.json'), '{ "private": true, "type": "commonjs" }\n');
    const runs = { slipway: [], cdk8s: [] };
    const count = args.runs ?? DEFAULT_RUNS[n] ?? 3;
    // One unmeasured round first: fills the page cache, checks both tools work.
    for (let i = 0; i <= count; i++) {
      const a = await runSlipway(stacks.slipway, n);
      const b = await runCdk8s(stacks.cdk8s, n);
      if (i > 0) {
        runs.slipway.push(a);
        runs.cdk8s.push(b);
      }
    }
    const row = { n, slipway: summarize(runs.slipway), cdk8s: summarize(runs.cdk8s) };
    rows.push(row);
    console.log(`N=${n}: slipway ${row.slipway.wallS.toFixed(3)} s, cdk8s ${row.cdk8s.wallS.toFixed(3)} s (${count} runs each)`);
  }
  console.log(`\n${table(rows)}\n`);
  console.log('wall: median wall time of the whole process tree; cpu: user+sys of the tree; RSS: peak resident');
  console.log('memory of the tree (live processes summed, sampled every 5 ms; never below the largest process).\n');
  const checks = checkTargets(rows);
  console.log(`Targets (issue 2):\n${formatTargets(checks)}\n`);

  let profile;
  if (args.profile) profile = await profileSlipway(args.ns);
  const results = { date: new Date().toISOString(), node: process.version, cpus: cpus().length, loadavg: loadavg(), rows, checks, profile };
  writeFileSync(join(WORK, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`Results: ${join('bench', '.work', 'results.json')} (bench took ${((Date.now() - started) / 1000).toFixed(0)} s, load average now ${loadavg()[0].toFixed(2)})`);
}

function parseArgs(argv) {
  const out = { ns: [3, 100, 1000, 5000], runs: undefined, profile: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--n') out.ns = argv[++i].split(',').map(Number);
    else if (a === '--runs') out.runs = Number(argv[++i]);
    else if (a === '--no-profile') out.profile = false;
    else throw new Error(`unknown option ${a}. Usage: node bench/run.mjs [--n 3,100,1000,5000] [--runs K] [--no-profile]`);
  }
  if (out.ns.some((n) => !Number.isInteger(n) || n < 1 || n > 20000)) throw new Error('--n takes integers between 1 and 20000.');
  if (out.runs !== undefined && !(out.runs >= 1 && out.runs <= 20)) throw new Error('--runs takes 1 to 20.');
  return out;
}

function preflight() {
  if (!existsSync(join(ROOT, 'packages', 'core', 'dist', 'bundle.js'))) throw new Error('packages are not built: run `pnpm build` first.');
  if (!existsSync(CDK8S_BIN)) throw new Error('cdk8s-cli is not installed: run `pnpm install`.');
}

/** A fresh, empty temporary folder per run, so no tool can reuse a cache between runs. */
function coldEnv() {
  const tmp = mkdtempSync(join(WORK, 'tmp-'));
  return { env: { ...process.env, TMPDIR: tmp }, cleanup: () => rmSync(tmp, { recursive: true, force: true }) };
}

async function runSlipway(dir, n, extraEnv) {
  rmSync(join(dir, 'deploy'), { recursive: true, force: true }); // a first synth, like cdk8s which empties dist/
  const { env, cleanup } = coldEnv();
  const r = await measure([NODE, SYNTH_BIN], { cwd: dir, env: { ...env, ...extraEnv }, timeoutS: RUN_TIMEOUT_S });
  cleanup();
  expectOk('slipway', r, n);
  const compose = readFileSync(join(dir, 'deploy', 'docker-compose.yml'), 'utf8');
  const services = compose.match(/^ {2}svc-\d{4}:$/gm)?.length ?? 0;
  if (services !== n) fail(`slipway wrote ${services} services for N=${n}`);
  return r;
}

async function runCdk8s(dir, n) {
  const { env, cleanup } = coldEnv();
  const r = await measure([NODE, CDK8S_BIN, 'synth', '--no-check-upgrade'], { cwd: dir, env, timeoutS: RUN_TIMEOUT_S });
  cleanup();
  expectOk('cdk8s', r, n);
  const text = readdirSync(join(dir, 'dist')).map((f) => readFileSync(join(dir, 'dist', f), 'utf8')).join('\n');
  const deployments = text.match(/^kind: Deployment$/gm)?.length ?? 0;
  const services = text.match(/^kind: Service$/gm)?.length ?? 0;
  if (deployments !== n || services !== n) fail(`cdk8s wrote ${deployments} Deployments and ${services} Services for N=${n}`);
  return r;
}

function expectOk(tool, r, n) {
  if (r.timedOut) fail(`${tool} took over ${RUN_TIMEOUT_S} s for N=${n}`);
  if (r.code !== 0) fail(`${tool} exited with ${r.code} for N=${n}:\n${r.stdout}${r.stderr}`);
}

function fail(message) {
  throw new Error(`${message}. This is a tool failure, not a slow result.`);
}

/** Where Slipway's time goes: start-up phases by wall time, then a CPU profile at small and large N. */
async function profileSlipway(ns) {
  console.log('Profile of Slipway');
  const phases = {};
  const timeIt = async (label, argv, cwd, opts = {}) => {
    const walls = [];
    for (let i = 0; i < 5; i++) {
      const { env, cleanup } = opts.warm ? { env: process.env, cleanup: () => {} } : coldEnv();
      if (opts.before) opts.before();
      const r = await measure(argv, { cwd, env, timeoutS: RUN_TIMEOUT_S });
      cleanup();
      if (r.code !== 0) fail(`${label} exited with ${r.code}`);
      walls.push(r.wallS);
    }
    phases[label] = median(walls);
    console.log(`  ${(phases[label] * 1000).toFixed(0).padStart(5)} ms  ${label}`);
  };
  const small = writeStacks(WORK, 3).slipway;
  const clean = () => rmSync(join(small, 'deploy'), { recursive: true, force: true });
  await timeIt('node -e 0 (bare Node start)', [NODE, '-e', '0'], small);
  await timeIt('synth --version (Node + CLI modules)', [NODE, SYNTH_BIN, '--version'], small);
  await timeIt('synth, 3 services (esbuild transform + packages + synth + write)', [NODE, SYNTH_BIN, '--quiet'], small, { before: clean });

  const profiles = {};
  for (const n of [3, 5000].filter((x) => ns.includes(x) || x === 3)) {
    const dir = n === 3 ? small : writeStacks(WORK, n).slipway;
    const out = join(WORK, `profile-${n}`);
    rmSync(out, { recursive: true, force: true });
    rmSync(join(dir, 'deploy'), { recursive: true, force: true });
    const { env, cleanup } = coldEnv();
    const r = await measure([NODE, '--cpu-prof', `--cpu-prof-dir=${out}`, SYNTH_BIN, '--quiet'], { cwd: dir, env, timeoutS: RUN_TIMEOUT_S });
    cleanup();
    if (r.code !== 0) fail(`profiled synth exited with ${r.code}`);
    const [mainThread, ...others] = analyseDir(out);
    profiles[n] = { wallS: r.wallS, main: mainThread, loaderThreads: others.map((t) => ({ totalMs: t.totalMs, categories: t.categories })) };
    printProfile(n, r.wallS, mainThread, others);
  }
  return { phases, profiles };
}

function printProfile(n, wallS, main, others) {
  const ms = (x) => `${x.toFixed(0).padStart(6)} ms`;
  console.log(`\n  N=${n}: ${wallS.toFixed(2)} s wall under --cpu-prof; main thread, self time by category:`);
  for (const [k, v] of Object.entries(main.categories).sort((a, b) => b[1] - a[1])) if (v >= 1) console.log(`    ${ms(v)}  ${k}`);
  console.log('  inclusive time of synchronous spans:');
  for (const [k, v] of Object.entries(main.spans)) console.log(`    ${ms(v)}  ${k}`);
  console.log('  hottest functions (self):');
  for (const [k, v] of main.topFunctions.slice(0, 8)) console.log(`    ${ms(v)}  ${k}`);
  for (const t of others) {
    const busy = Object.entries(t.categories).filter(([k]) => !k.startsWith('idle')).reduce((a, [, v]) => a + v, 0);
    console.log(`  other thread: ${busy.toFixed(0)} ms busy of ${t.totalMs.toFixed(0)} ms`);
  }
}
