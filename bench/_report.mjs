// Statistics, the results tables and the target checks of `pnpm bench`.

/** The tools timed side by side, in column order. */
export const TOOLS = [
  ['slipway', 'Slipway (synth bin)'],
  ['cdk8sCli', 'cdk8s synth (CLI)'],
  ['cdk8sDirect', 'cdk8s app (node main.js)'],
];

/** Targets of the speed issue. */
export const TARGETS = {
  /** Slipway / `cdk8s synth` wall, at every N >= RATIO_FROM_N. */
  maxRatioCli: 0.25,
  /** Slipway / the cdk8s app run directly with node, at every N >= RATIO_FROM_N. */
  maxRatioDirect: 0.5,
  ratioFromN: 100,
  /** Slipway / either cdk8s column at N = 3. */
  maxRatioSmall: 1,
  /**
   * Flat time per service. Per-service time t(N) = (wall(N) - wall(3)) / (N - 3), medians: the cost
   * of a service once the fixed start-up (the 3-service stack) is taken off. Flat means
   * t(5000) <= 1.5 x t(1000) (the slack absorbs GC and noise; a quadratic term would grow 5x).
   * t(100) is shown but not gated: at N=100 the per-service part is a tenth of the wall time, below
   * the noise of a shared machine.
   */
  maxPerServiceGrowth: 1.5,
  flatFrom: 1000,
  flatTo: 5000,
  /** The 3-service stack, cold, in at most this multiple of `node -e ''` (medians). */
  maxStartupVsNode: 3,
};

export function median(values) {
  const v = [...values].sort((a, b) => a - b);
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** Median and min of a set of runs (wall, RSS, CPU). */
export function summarize(runs) {
  const pick = (key) => runs.map((r) => r[key]).filter((x) => typeof x === 'number' && Number.isFinite(x));
  const wall = pick('wallS');
  const rss = pick('rssKiB');
  const cpu = pick('cpuS');
  return {
    runs: runs.length,
    wallS: median(wall),
    wallMinS: Math.min(...wall),
    rssMiB: rss.length ? median(rss) / 1024 : undefined,
    cpuS: cpu.length ? median(cpu) : undefined,
  };
}

/** Per-service time (ms) of `tool` at `n` for one shape, or undefined without N=3. */
export function perServiceMs(rows, shape, tool, n) {
  const base = rows.find((r) => r.shape === shape && r.n === 3);
  const row = rows.find((r) => r.shape === shape && r.n === n);
  if (!base || !row || n <= 3) return undefined;
  return ((row[tool].wallS - base[tool].wallS) / (n - 3)) * 1000;
}

const f2 = (x) => (x === undefined ? 'n/a' : x.toFixed(2));
const f3 = (x) => (x === undefined ? 'n/a' : x.toFixed(3));
const mib = (x) => (x === undefined ? 'n/a' : `${Math.round(x)}`);

/** One table per shape: wall median (min) per tool, ratios, per-service time, peak RSS. */
export function tables(rows) {
  const out = [];
  for (const shape of [...new Set(rows.map((r) => r.shape))]) {
    out.push(`${shape}`);
    out.push('      N | Slipway s (min)  | cdk8s synth s (min) | cdk8s node s (min) | /synth  /node | ms/svc Slipway synth node | RSS MiB Slipway synth node');
    for (const r of rows.filter((x) => x.shape === shape)) {
      const w = (t) => `${f3(r[t].wallS).padStart(6)} (${f3(r[t].wallMinS)})`;
      const per = TOOLS.map(([t]) => f3(perServiceMs(rows, shape, t, r.n)).padStart(t === 'slipway' ? 7 : 5));
      out.push(
        `${String(r.n).padStart(7)} | ${w('slipway').padEnd(16)} | ${w('cdk8sCli').padEnd(19)} | ${w('cdk8sDirect').padEnd(18)} | ` +
          `${f2(r.slipway.wallS / r.cdk8sCli.wallS).padStart(6)} ${f2(r.slipway.wallS / r.cdk8sDirect.wallS).padStart(6)} | ` +
          `       ${per.join(' ')} | ${TOOLS.map(([t]) => mib(r[t].rssMiB).padStart(t === 'slipway' ? 15 : 5)).join(' ')}`,
      );
    }
    out.push('');
  }
  return out.join('\n');
}

/** Every target, one line per shape, with what was measured and PASS/FAIL (SKIP when an N is missing). */
export function checkTargets(rows, baseline) {
  const out = [];
  const T = TARGETS;
  const status = (ok, any = true) => (!any ? 'SKIP' : ok ? 'PASS' : 'FAIL');
  for (const shape of [...new Set(rows.map((r) => r.shape))]) {
    const mine = rows.filter((r) => r.shape === shape);
    const big = mine.filter((r) => r.n >= T.ratioFromN);
    const small = mine.filter((r) => r.n < T.ratioFromN);
    const ratios = (list, tool) => list.map((r) => ({ n: r.n, ratio: r.slipway.wallS / r[tool].wallS }));
    const line = (target, list, max) => ({
      shape,
      target,
      measured: list.map((x) => `${f2(x.ratio)} (N=${x.n})`).join(', ') || 'no such N run',
      status: status(list.every((x) => x.ratio <= max), list.length > 0),
    });
    out.push(line(`Slipway <= ${T.maxRatioCli} x cdk8s synth at N >= ${T.ratioFromN}`, ratios(big, 'cdk8sCli'), T.maxRatioCli));
    out.push(line(`Slipway <= ${T.maxRatioDirect} x cdk8s app run by node at N >= ${T.ratioFromN}`, ratios(big, 'cdk8sDirect'), T.maxRatioDirect));
    const smallRatios = [...ratios(small, 'cdk8sCli'), ...ratios(small, 'cdk8sDirect')];
    out.push({
      ...line(`Slipway <= ${T.maxRatioSmall} x cdk8s synth and app at N < ${T.ratioFromN}`, smallRatios, T.maxRatioSmall),
      measured: small.map((r) => `${f2(r.slipway.wallS / r.cdk8sCli.wallS)} / ${f2(r.slipway.wallS / r.cdk8sDirect.wallS)} (N=${r.n})`).join(', ') || 'no such N run',
    });

    const per = mine.filter((r) => r.n >= T.ratioFromN).map((r) => ({ n: r.n, ms: perServiceMs(rows, shape, 'slipway', r.n) })).filter((x) => x.ms !== undefined);
    const from = per.find((x) => x.n === T.flatFrom);
    const to = per.find((x) => x.n === T.flatTo);
    // A per-service time <= 0 means the noise exceeded it: not a pass.
    const growth = from && to ? (from.ms > 0 ? to.ms / from.ms : Infinity) : undefined;
    out.push({
      shape,
      target: `time per service flat: t(${T.flatTo}) <= ${T.maxPerServiceGrowth} x t(${T.flatFrom}), t(N) = (wall(N) - wall(3)) / (N - 3)`,
      measured: `${per.map((x) => `${f3(x.ms)} ms (N=${x.n})`).join(', ') || 'no N >= 100'}${growth !== undefined ? `; x${f2(growth)}` : `; needs N=3, ${T.flatFrom} and ${T.flatTo}`}`,
      status: status(growth <= T.maxPerServiceGrowth, growth !== undefined),
    });

    const three = mine.find((r) => r.n === 3);
    const vsNode = three && baseline ? three.slipway.wallS / baseline.wallS : undefined;
    out.push({
      shape,
      target: `3-service stack cold <= ${T.maxStartupVsNode} x node -e ''`,
      measured: vsNode === undefined ? 'needs N=3' : `${f2(vsNode)} x (${f3(three.slipway.wallS)} s / ${f3(baseline.wallS)} s)`,
      status: status(vsNode <= T.maxStartupVsNode, vsNode !== undefined),
    });

    const mem = mine.map((r) => ({ n: r.n, s: r.slipway.rssMiB, c: Math.min(r.cdk8sCli.rssMiB, r.cdk8sDirect.rssMiB) }));
    out.push({
      shape,
      target: 'peak RSS below both cdk8s columns at every N',
      measured: mem.map((m) => `${mib(m.s)}/${mib(m.c)} MiB (N=${m.n})`).join(', '),
      status: status(mem.every((m) => m.s < m.c), mem.length > 0),
    });
  }
  return out;
}

export function formatTargets(checks) {
  return checks.map((c) => `${c.status}  ${c.shape}: ${c.target}: ${c.measured}`).join('\n');
}
