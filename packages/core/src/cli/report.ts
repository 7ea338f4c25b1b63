import { formatDiagnostic, type Diagnostic } from '../diagnostic.js';

/** Where the CLI prints. Tests pass their own. */
export interface CliIO {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

export const processIO: CliIO = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
};

/** Prints diagnostics (errors always, warnings unless quiet) and a count line. */
export function printDiagnostics(io: CliIO, diagnostics: readonly Diagnostic[], quiet: boolean): void {
  const errors = diagnostics.filter((d) => d.level === 'error');
  const warnings = diagnostics.filter((d) => d.level === 'warning');
  for (const d of errors) io.err(formatDiagnostic(d));
  if (!quiet) for (const d of warnings) io.err(formatDiagnostic(d));
  if (errors.length) {
    io.err(`\n${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was written.`);
  }
}

/**
 * Describes an exception thrown by the user's program: its message and the frames that point
 * into the user's own files, not the full stack trace.
 */
export function describeProgramError(error: unknown, file: string): string {
  if (!(error instanceof Error)) return `${file} failed: ${String(error)}`;
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((l) => /^\s+at /.test(l) && !l.includes('node_modules') && !l.includes('node:') && !l.includes('/packages/core/'))
    .slice(0, 3)
    .map((l) => l.replace(/\?tsx-namespace=[\w-]+/, '').replace('file://', ''));
  return [`${file} failed: ${error.message}`, ...frames].join('\n');
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}
