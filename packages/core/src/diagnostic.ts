/** How serious a diagnostic is. Warnings become errors under `--strict`. */
export type DiagnosticLevel = 'error' | 'warning';

/** Something wrong with the input, and how to fix it. */
export interface Problem {
  /** What is wrong, in one sentence. */
  readonly message: string;
  /** What the user should change, in one sentence. */
  readonly fix: string;
}

/** A problem attached to a construct, as reported by a synth. */
export interface Diagnostic extends Problem {
  readonly level: DiagnosticLevel;
  /** Display path of the construct, e.g. `dropit/api`. */
  readonly path: string;
  /** Stable id of a warning, used to acknowledge it (e.g. `public-port`). */
  readonly id?: string;
}

/** Formats one diagnostic on one line, the way the CLI prints it. */
export function formatDiagnostic(d: Diagnostic): string {
  const tag = d.level === 'error' ? 'error' : `warning[${d.id ?? 'unnamed'}]`;
  return `${tag} ${d.path}: ${d.message} Fix: ${d.fix}`;
}

/** Sorts diagnostics by level, then path, then message, so reports are stable. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  const rank = (d: Diagnostic) => (d.level === 'error' ? 0 : 1);
  return [...list].sort(
    (a, b) => rank(a) - rank(b) || cmp(a.path, b.path) || cmp(a.message, b.message),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
