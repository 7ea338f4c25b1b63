import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT } from '../../_support/workspace.js';

/** What the engine suite proves for each stack: the columns of its closing table. */
export const COLUMNS = ['up', 'healthy', 'proxied requests', 'TLS', 'rollback', 'backup round trip', 'Swarm'] as const;
export type Column = (typeof COLUMNS)[number];

const REPORT = join(ROOT, 'test/.work/engine/report.jsonl');

interface Row {
  readonly stack: string;
  readonly column: Column;
  readonly ok: boolean;
  readonly seconds: number;
}

export function resetReport(): void {
  mkdirSync(dirname(REPORT), { recursive: true });
  writeFileSync(REPORT, '');
}

/**
 * Runs one step of a stack's story and records it in the table: a column passes only when every
 * step recorded under it passed. The step's own assertion errors are rethrown.
 */
export async function step<T>(stack: string, column: Column, body: () => T | Promise<T>): Promise<T> {
  const started = Date.now();
  let ok = false;
  try {
    const result = await body();
    ok = true;
    return result;
  } finally {
    const row: Row = { stack, column, ok, seconds: (Date.now() - started) / 1000 };
    appendFileSync(REPORT, `${JSON.stringify(row)}\n`);
  }
}

/** The closing table: stack × column, ✔ / ✘ / – (not applicable or not reached), and time. */
export function renderReport(): string {
  if (!existsSync(REPORT)) return 'engine suite: no results recorded';
  const rows = readFileSync(REPORT, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Row);
  const stacks = [...new Set(rows.map((r) => r.stack))];
  const cell = (stack: string, column: Column): string => {
    const mine = rows.filter((r) => r.stack === stack && r.column === column);
    if (mine.length === 0) return '–';
    return mine.every((r) => r.ok) ? '✔' : '✘';
  };
  const seconds = (stack: string) => rows.filter((r) => r.stack === stack).reduce((s, r) => s + r.seconds, 0);
  const header = ['stack', ...COLUMNS, 'time'];
  const body = stacks.map((s) => [s, ...COLUMNS.map((c) => cell(s, c)), `${seconds(s).toFixed(0)} s`]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}
