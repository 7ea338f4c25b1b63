import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// Plain ES modules of the benchmark (no type declarations; test/ is not type-checked).
import { ROOT, runBench } from '../../bench/_bench.mjs';
import { checkTargets, formatTargets, perServiceMs, tables, TOOLS } from '../../bench/_report.mjs';
import { SHAPES } from '../../bench/_stacks.mjs';

// Smoke test of `pnpm bench`: the harness on tiny stacks, one run, no timing assertions. It keeps
// the harness (stack generators for both tools, output checks, measuring, report) from rotting.
const base = join(ROOT, 'test/.work');
mkdirSync(base, { recursive: true });
const work = mkdtempSync(join(base, 'bench-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

type Summary = { runs: number; wallS: number; wallMinS: number; rssMiB: number; cpuS: number };

describe('bench harness', () => {
  it('GIVEN every shape at N=3 and N=5, one run THEN every row has a well-formed figure for every tool, and every target a status', async () => {
    const ns = [3, 5];
    const { rows, baseline } = await runBench({ shapes: SHAPES, ns, runs: 1, warmup: false, work });

    expect(SHAPES).toEqual(['services', 'domains', 'postgres']);
    expect(rows.map((r: { shape: string; n: number }) => `${r.shape}/${r.n}`)).toEqual(SHAPES.flatMap((s: string) => ns.map((n) => `${s}/${n}`)));
    const wellFormed = (x: Summary, runs = 1) => {
      expect(x.runs).toBe(runs);
      for (const v of [x.wallS, x.wallMinS, x.rssMiB]) expect(Number.isFinite(v) && v > 0).toBe(true);
      expect(Number.isFinite(x.cpuS) && x.cpuS >= 0).toBe(true);
    };
    for (const row of rows) for (const [tool] of TOOLS) wellFormed(row[tool]);
    wellFormed(baseline, SHAPES.length); // `node -e ''` runs beside every N=3 round
    for (const shape of SHAPES) for (const [tool] of TOOLS) expect(Number.isFinite(perServiceMs(rows, shape, tool, 5))).toBe(true);

    const table = tables(rows);
    for (const shape of SHAPES) expect(table).toContain(shape);
    expect(table).not.toMatch(/NaN|undefined/);

    const checks = checkTargets(rows, baseline);
    expect(checks).toHaveLength(SHAPES.length * 6);
    const lines = formatTargets(checks).split('\n');
    expect(lines).toHaveLength(checks.length);
    for (const line of lines) expect(line).toMatch(/^(PASS|FAIL|SKIP)  (services|domains|postgres): .+: .+$/);
    expect(lines.join('\n')).not.toMatch(/NaN|undefined/);
  }, 300_000);

  it('GIVEN an unknown option THEN `pnpm bench` stops with its usage, exit code 1', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bench/run.mjs'), '--fast'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Usage: node bench/run.mjs [--quick]');
  });
});
