// The measuring loop of `pnpm bench`, callable from a test (test/bench/harness.test.ts runs it on
// tiny stacks so it cannot silently rot). For every shape and N, the three tools run in turns
// (Slipway, cdk8s synth, cdk8s app by node, Slipway, …) in fresh processes; `node -e ''` runs in the
// same turns at N=3 as the start-up baseline. Every output is checked: a wrong output is a failure.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GNU_TIME, hasGnuTime, measure } from './_measure.mjs';
import { summarize, TOOLS } from './_report.mjs';
import { expectedCounts, writeStacks } from './_stacks.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SYNTH_BIN = join(ROOT, 'packages', 'core', 'bin', 'synth.mjs');
const CDK8S_BIN = join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');
export const NODE = process.execPath;
const RUN_TIMEOUT_S = 300;

/**
 * Variables left out of every measured run's environment. NODE_EXTRA_CA_CERTS makes every Node
 * process parse the named certificate bundle at start (about 400 million instructions for the
 * Debian bundle: more than `node -e ''` itself), which would inflate the start-up baseline and
 * every column by a per-process constant that belongs to none of the tools. No run uses the network.
 */
export const UNSET_ENV = ['NODE_EXTRA_CA_CERTS'];

/** The environment of a measured run: this one, a private TMPDIR, without {@link UNSET_ENV}. */
export function runEnv(tmp) {
  const env = { ...process.env, TMPDIR: tmp };
  for (const name of UNSET_ENV) delete env[name];
  return env;
}

/**
 * Measures every shape × N. Options: `{ shapes, ns, runs, warmup = true, work }`; `log(line)`
 * reports progress. Resolves to `{ rows, baseline }` (see _report.mjs for their use).
 */
export async function runBench({ shapes, ns, runs, warmup = true, work }, log = () => {}) {
  preflight();
  mkdirSync(work, { recursive: true });
  const rows = [];
  const baselineRuns = [];
  for (const shape of shapes) {
    for (const n of ns) {
      const stacks = writeStacks(work, shape, n);
      const expected = expectedCounts(shape, n);
      const results = Object.fromEntries(TOOLS.map(([t]) => [t, []]));
      // An unmeasured round first (unless told otherwise): fills the page cache, checks the tools.
      for (let i = warmup ? -1 : 0; i < runs; i++) {
        const round = {
          slipway: await runSlipway(stacks.slipway, expected, work),
          cdk8sCli: await runCdk8s(stacks.cdk8s, expected, work, [NODE, CDK8S_BIN, 'synth', '--no-check-upgrade']),
          cdk8sDirect: await runCdk8s(stacks.cdk8s, expected, work, [NODE, 'main.js']),
        };
        const node = n === 3 ? await timed([NODE, '-e', ''], stacks.slipway, work) : undefined;
        if (i < 0) continue;
        for (const [t] of TOOLS) results[t].push(round[t]);
        if (node) baselineRuns.push(node);
      }
      const row = { shape, n, ...Object.fromEntries(TOOLS.map(([t]) => [t, summarize(results[t])])) };
      rows.push(row);
      log(`${shape} N=${n}: ${TOOLS.map(([t]) => `${t} ${row[t].wallS.toFixed(3)} s`).join(', ')} (${runs} runs each)`);
    }
  }
  return { rows, baseline: baselineRuns.length ? summarize(baselineRuns) : undefined };
}

function preflight() {
  if (!existsSync(join(ROOT, 'packages', 'core', 'dist', 'bundle.js'))) throw new Error('packages are not built: run `pnpm build` first.');
  if (!existsSync(CDK8S_BIN)) throw new Error('cdk8s-cli is not installed: run `pnpm install`.');
  if (!hasGnuTime()) throw new Error(`${GNU_TIME} not found: install the Debian package "time" (scripts/ensure-tools.sh does).`);
}

/** Runs `argv` cold: a fresh, empty TMPDIR per run, so no tool can reuse a cache between runs. */
async function timed(argv, cwd, work) {
  const tmp = mkdtempSync(join(work, 'tmp-'));
  try {
    const r = await measure(argv, { cwd, env: runEnv(tmp), timeoutS: RUN_TIMEOUT_S });
    if (r.timedOut) fail(`${argv.join(' ')} took over ${RUN_TIMEOUT_S} s in ${cwd}`);
    if (r.code !== 0) fail(`${argv.join(' ')} exited with ${r.code} in ${cwd}:\n${r.stdout}${r.stderr}`);
    return r;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function runSlipway(dir, expected, work) {
  rmSync(join(dir, 'deploy'), { recursive: true, force: true }); // a first synth, like cdk8s which empties dist/
  const r = await timed([NODE, SYNTH_BIN, '--quiet'], dir, work);
  const compose = readFileSync(join(dir, 'deploy', 'docker-compose.yml'), 'utf8');
  const services = compose.match(/^ {2}svc-\d{4}:$/gm)?.length ?? 0;
  const nginx = join(dir, 'deploy', 'nginx', 'nginx.conf');
  const hosts = existsSync(nginx) ? new Set(readFileSync(nginx, 'utf8').match(/server_name svc-\d{4}\.bench\.example\.com;/g)).size : 0;
  if (services !== expected.slipwayServices || hosts !== expected.slipwayRoutes) {
    fail(`Slipway wrote ${services} services and ${hosts} routes in ${dir}; expected ${expected.slipwayServices} and ${expected.slipwayRoutes}`);
  }
  return r;
}

async function runCdk8s(dir, expected, work, argv) {
  rmSync(join(dir, 'dist'), { recursive: true, force: true });
  const r = await timed(argv, dir, work);
  const text = readdirSync(join(dir, 'dist')).filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(join(dir, 'dist', f), 'utf8')).join('\n');
  for (const [kind, count] of Object.entries(expected.cdk8s)) {
    const found = text.match(new RegExp(`^kind: ${kind}$`, 'gm'))?.length ?? 0;
    if (found !== count) fail(`${argv.slice(1).join(' ')} wrote ${found} ${kind} objects in ${dir}; expected ${count}`);
  }
  return r;
}

function fail(message) {
  throw new Error(`${message}. This is a tool failure, not a slow result.`);
}
