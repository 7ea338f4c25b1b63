#!/usr/bin/env node
// Prints the last results (bench/.work/results.json) as the Markdown tables of docs/performance.md.
//   node bench/markdown.mjs [results.json]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './_bench.mjs';
import { perServiceMs } from './_report.mjs';

const file = process.argv[2] ?? join(ROOT, 'bench', '.work', 'results.json');
const r = JSON.parse(readFileSync(file, 'utf8'));
const s = (x) => x.toFixed(3);
const mib = (x) => `${Math.round(x)}`;

console.log(`Run of ${r.date.slice(0, 16).replace('T', ' ')} UTC: ${r.cpus} CPUs (${r.cpu}), Node ${r.node.slice(1)}, load average before ${r.loadavgBefore.map((x) => x.toFixed(1)).join(' ')}, after ${r.loadavgAfter.map((x) => x.toFixed(1)).join(' ')}; ${r.args.runs} measured runs per tool and size.`);
if (r.baseline) console.log(`\`node -e ''\`: ${s(r.baseline.wallS)} s median (min ${s(r.baseline.wallMinS)} s), ${mib(r.baseline.rssMiB)} MiB.`);
for (const shape of [...new Set(r.rows.map((x) => x.shape))]) {
  console.log(`\n**${shape}**\n`);
  console.log('| N | Slipway s | cdk8s synth s | cdk8s node s | Slipway / synth | Slipway / node | ms per service: Slipway, synth, node | peak RSS MiB: Slipway, synth, node |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of r.rows.filter((x) => x.shape === shape)) {
    const w = (t) => `${s(row[t].wallS)} (${s(row[t].wallMinS)})`;
    const per = ['slipway', 'cdk8sCli', 'cdk8sDirect'].map((t) => perServiceMs(r.rows, shape, t, row.n));
    console.log(
      `| ${row.n} | ${w('slipway')} | ${w('cdk8sCli')} | ${w('cdk8sDirect')} | ${(row.slipway.wallS / row.cdk8sCli.wallS).toFixed(2)} | ${(row.slipway.wallS / row.cdk8sDirect.wallS).toFixed(2)} | ` +
        `${per[0] === undefined ? '–' : per.map((x) => x.toFixed(3)).join(', ')} | ${mib(row.slipway.rssMiB)}, ${mib(row.cdk8sCli.rssMiB)}, ${mib(row.cdk8sDirect.rssMiB)} |`,
    );
  }
}
console.log('\n```');
for (const c of r.checks) console.log(`${c.status}  ${c.shape}: ${c.target}: ${c.measured}`);
console.log('```');
