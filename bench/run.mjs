#!/usr/bin/env node
// `pnpm bench`: Slipway against cdk8s (its CLI, and its app run directly with node) on the same
// stacks of every shape and size, as whole processes, then a CPU profile of Slipway. A report: exits
// 0 whatever the figures, 1 only when a tool fails or writes the wrong output. See docs/performance.md.
//
//   node bench/run.mjs [--quick] [--shapes services,domains,postgres] [--n 3,100,1000,5000] [--runs K] [--no-profile] [--work DIR]
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { ROOT, runBench, UNSET_ENV } from './_bench.mjs';
import { profileSlipway } from './_profile-run.mjs';
import { checkTargets, formatTargets, tables, TARGETS } from './_report.mjs';
import { SHAPES } from './_stacks.mjs';

const USAGE = 'Usage: node bench/run.mjs [--quick] [--shapes services,domains,postgres] [--n 3,100,1000,5000] [--runs K] [--no-profile] [--work DIR]';

const args = parseArgs(process.argv.slice(2));
// Stacks, outputs and results.json; another folder lets runs of different shapes proceed side by side.
const WORK = args.work;
main().catch((error) => {
  console.error(`bench: ${error.message}`);
  process.exitCode = 1;
});

async function main() {
  const started = Date.now();
  const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
  console.log(`Slipway vs cdk8s: ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), node ${process.version}, load average ${load()}`);
  console.log(`Shapes ${args.shapes.join(', ')}; N ${args.ns.join(', ')}; ${args.runs} measured runs per tool and size after one unmeasured round.`);
  console.log('Each run is a fresh process with an empty TMPDIR; tools run in turns; wall from spawn to exit, RSS and CPU from GNU time.');
  const unset = UNSET_ENV.filter((name) => process.env[name] !== undefined);
  console.log(`${unset.length ? `Left out of the runs' environment: ${unset.join(', ')} (see bench/_bench.mjs).` : 'Environment as is.'}\n`);

  const { rows, baseline } = await runBench({ shapes: args.shapes, ns: args.ns, runs: args.runs, work: WORK }, (line) => console.log(line));
  console.log(`\nMedian wall time (min in brackets); /synth and /node: Slipway's median over that cdk8s column;`);
  console.log(`ms/svc: (wall(N) - wall(3)) / (N - 3); RSS: median peak of the largest process (GNU time %M).`);
  if (baseline) console.log(`node -e '': ${baseline.wallS.toFixed(3)} s (min ${baseline.wallMinS.toFixed(3)}), ${Math.round(baseline.rssMiB)} MiB\n`);
  console.log(tables(rows));
  const checks = checkTargets(rows, baseline);
  console.log(`Targets:\n${formatTargets(checks)}\n`);

  const profile = args.profile ? await profileSlipway(WORK, args) : undefined;
  const results = { date: new Date().toISOString(), node: process.version, unsetEnv: UNSET_ENV.filter((name) => process.env[name] !== undefined), cpus: cpus().length, cpu: cpus()[0]?.model, loadavgBefore: args.loadBefore, loadavgAfter: loadavg(), args, targets: TARGETS, baseline, rows, checks, profile };
  writeFileSync(join(WORK, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`Results: ${join(WORK, 'results.json')} (bench took ${((Date.now() - started) / 1000).toFixed(0)} s, load average now ${load()})`);
}

function parseArgs(argv) {
  const out = { shapes: SHAPES, ns: [3, 100, 1000, 5000], runs: 5, profile: true, loadBefore: loadavg(), work: join(ROOT, 'bench', '.work') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    // Quick: every shape, the small and middle sizes, 3 runs, no profile (about a minute).
    if (a === '--quick') Object.assign(out, { ns: [3, 100, 1000], runs: 3, profile: false });
    else if (a === '--shapes') out.shapes = argv[++i].split(',');
    else if (a === '--n') out.ns = argv[++i].split(',').map(Number);
    else if (a === '--runs') out.runs = Number(argv[++i]);
    else if (a === '--no-profile') out.profile = false;
    else if (a === '--work') out.work = resolve(argv[++i]);
    else throw new Error(`unknown option ${a}. ${USAGE}`);
  }
  if (out.shapes.some((s) => !SHAPES.includes(s))) throw new Error(`--shapes takes ${SHAPES.join(', ')}.`);
  if (out.ns.some((n) => !Number.isInteger(n) || n < 1 || n > 9999)) throw new Error('--n takes integers between 1 and 9999.');
  if (!(Number.isInteger(out.runs) && out.runs >= 1 && out.runs <= 25)) throw new Error('--runs takes 1 to 25.');
  return out;
}
