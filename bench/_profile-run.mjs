// The profile section of `pnpm bench`, after the measurements: start-up phases by wall time, then
// `node --cpu-prof` of Slipway at N=3 and at the largest N of the last shape (the heaviest).
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { NODE, runEnv, SYNTH_BIN } from './_bench.mjs';
import { measure } from './_measure.mjs';
import { analyseDir } from './_profile.mjs';
import { median } from './_report.mjs';
import { writeStacks } from './_stacks.mjs';

export async function profileSlipway(work, { shapes, ns }) {
  console.log('Profile of Slipway');
  const run = async (argv, cwd) => {
    const tmp = mkdtempSync(join(work, 'tmp-'));
    rmSync(join(cwd, 'deploy'), { recursive: true, force: true });
    const r = await measure(argv, { cwd, env: runEnv(tmp) });
    rmSync(tmp, { recursive: true, force: true });
    if (r.code !== 0) throw new Error(`${argv.join(' ')} exited with ${r.code}:\n${r.stderr}`);
    return r;
  };
  const phases = {};
  const small = writeStacks(work, 'services', 3).slipway;
  for (const [label, argv] of [
    ["node -e '' (bare Node start)", [NODE, '-e', '']],
    ['synth --version (Node + the CLI bundle)', [NODE, SYNTH_BIN, '--version']],
    ['synth, 3 services (esbuild transform + packages + synth + write)', [NODE, SYNTH_BIN, '--quiet']],
  ]) {
    const walls = [];
    for (let i = 0; i < 5; i++) walls.push((await run(argv, small)).wallS);
    phases[label] = median(walls);
    console.log(`  ${(phases[label] * 1000).toFixed(0).padStart(5)} ms  ${label}`);
  }
  const profiles = {};
  const shape = shapes[shapes.length - 1];
  for (const [s, n] of [['services', 3], [shape, Math.max(...ns)]]) {
    const dir = writeStacks(work, s, n).slipway;
    const out = join(work, `profile-${s}-${n}`);
    rmSync(out, { recursive: true, force: true });
    const r = await run([NODE, '--cpu-prof', `--cpu-prof-dir=${out}`, SYNTH_BIN, '--quiet'], dir);
    const [main] = analyseDir(out);
    profiles[`${s}-${n}`] = { wallS: r.wallS, main };
    console.log(`\n  ${s} N=${n}: ${r.wallS.toFixed(2)} s wall under --cpu-prof; main thread, self time by category:`);
    for (const [k, v] of Object.entries(main.categories).sort((a, b) => b[1] - a[1])) if (v >= 1) console.log(`    ${v.toFixed(0).padStart(6)} ms  ${k}`);
    console.log('  hottest functions (self):');
    for (const [k, v] of main.topFunctions.slice(0, 8)) console.log(`    ${v.toFixed(0).padStart(6)} ms  ${k}`);
  }
  console.log('');
  return { phases, profiles };
}
