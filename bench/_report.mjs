// Statistics, the results table and the target checks of `pnpm bench`.

/** Targets of issue 2. */
export const TARGETS = {
  /** Slipway, 3 services, median wall time through the synth bin (seconds). */
  smallStackWallS: 0.3,
  /** Slipway wall / cdk8s wall, at every N. */
  maxRatio: 0.5,
  /**
   * Linear growth: the time each extra service costs between N=1000 and N=5000 may be at most
   * this multiple of what it costs between N=100 and N=1000 (1 = perfectly linear; the slack
   * absorbs GC and measurement noise on a shared 2-core machine).
   */
  maxMarginalGrowth: 1.5,
};

export function median(values) {
  const v = [...values].sort((a, b) => a - b);
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** Median and spread of a set of runs. */
export function summarize(runs) {
  const pick = (key) => runs.map((r) => r[key]).filter((x) => typeof x === 'number');
  const wall = pick('wallS');
  const cpu = pick('cpuS');
  return {
    runs: runs.length,
    wallS: median(wall),
    wallMinS: Math.min(...wall),
    wallMaxS: Math.max(...wall),
    cpuS: cpu.length ? median(cpu) : undefined,
    treePeakMiB: median(pick('treePeakKiB')) / 1024,
    maxProcessMiB: median(pick('maxProcessKiB')) / 1024,
    processes: Math.max(...pick('maxProcesses')),
  };
}

const s = (x) => (x === undefined ? '  n/a' : x.toFixed(2));
const mib = (x) => `${Math.round(x)}`.padStart(5);

/** The results table, one line per N. */
export function table(rows) {
  const head = [
    '     N | slipway wall s (min-max)  cpu s  RSS MiB | cdk8s wall s (min-max)  cpu s  RSS MiB | wall ratio  RSS ratio',
    '-------+-----------------------------------------+----------------------------------------+----------------------',
  ];
  const lines = rows.map(({ n, slipway: a, cdk8s: b }) => {
    const side = (x) => `${s(x.wallS).padStart(6)} (${s(x.wallMinS)}-${s(x.wallMaxS)})  ${s(x.cpuS).padStart(5)}  ${mib(x.treePeakMiB)}  `;
    return `${String(n).padStart(6)} | ${side(a)}   | ${side(b)}  | ${(a.wallS / b.wallS).toFixed(2).padStart(9)}  ${(a.treePeakMiB / b.treePeakMiB).toFixed(2).padStart(9)}`;
  });
  return [...head, ...lines].join('\n');
}

/** Marginal cost per service (ms) of `tool` between two N, or undefined when one is missing. */
function marginalMs(rows, tool, from, to) {
  const a = rows.find((r) => r.n === from);
  const b = rows.find((r) => r.n === to);
  if (!a || !b) return undefined;
  return ((b[tool].wallS - a[tool].wallS) / (to - from)) * 1000;
}

/** Every target with its measured value and PASS/FAIL (or SKIP when an N was not run). */
export function checkTargets(rows) {
  const out = [];
  const small = rows.find((r) => r.n === 3);
  out.push({
    target: `3-service stack synthesizes in <= ${TARGETS.smallStackWallS.toFixed(2)} s wall, cold (Slipway, median)`,
    measured: small ? `${small.slipway.wallS.toFixed(3)} s` : 'N=3 not run',
    status: small ? (small.slipway.wallS <= TARGETS.smallStackWallS ? 'PASS' : 'FAIL') : 'SKIP',
  });
  const early = marginalMs(rows, 'slipway', 100, 1000);
  const late = marginalMs(rows, 'slipway', 1000, 5000);
  const cdkEarly = marginalMs(rows, 'cdk8s', 100, 1000);
  const cdkLate = marginalMs(rows, 'cdk8s', 1000, 5000);
  const linear = early !== undefined && late !== undefined;
  out.push({
    target: `time grows linearly (Slipway ms/service 1000->5000 <= ${TARGETS.maxMarginalGrowth} x 100->1000)`,
    measured: linear
      ? `${early.toFixed(3)} -> ${late.toFixed(3)} ms/service (x${(late / early).toFixed(2)}); cdk8s ${cdkEarly.toFixed(3)} -> ${cdkLate.toFixed(3)}`
      : 'needs N=100, 1000 and 5000',
    status: linear ? (late <= TARGETS.maxMarginalGrowth * early ? 'PASS' : 'FAIL') : 'SKIP',
  });
  for (const r of rows) {
    const ratio = r.slipway.wallS / r.cdk8s.wallS;
    out.push({
      target: `N=${r.n}: Slipway/cdk8s wall <= ${TARGETS.maxRatio}`,
      measured: `${ratio.toFixed(2)} (${r.slipway.wallS.toFixed(3)} s / ${r.cdk8s.wallS.toFixed(3)} s)`,
      status: ratio <= TARGETS.maxRatio ? 'PASS' : 'FAIL',
    });
  }
  return out;
}

export function formatTargets(checks) {
  return checks.map((c) => `${c.status.padEnd(4)}  ${c.target}: ${c.measured}`).join('\n');
}
