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
 * Describes an exception thrown by the user's program: its message and where it happened in the
 * user's own files, never our stack frames. Known construct-tree mistakes get a fix.
 */
export function describeProgramError(error: unknown, file: string): string {
  if (!(error instanceof Error)) return `error ${file}: the program threw ${String(error)}.`;
  const location = (error.stack ?? '')
    .split('\n')
    .filter((l) => /^\s+at /.test(l) && !/node_modules|node:|\/packages\/(core|constructs|presets)\//.test(l))
    .slice(0, 1)
    .map((l) => `  ${l.trim().replace('file://', '')}`);
  const duplicate = /There is already a Construct with name '([^']+)' in \w+(?: \[([^\]]*)\])?/.exec(error.message);
  if (duplicate) {
    const scope = duplicate[2] ? `"${duplicate[2]}"` : 'the App';
    return [
      `error ${file}: two constructs under ${scope} have the id "${duplicate[1]}". Fix: give each one a unique id (ids become service, volume and secret names).`,
      ...location,
    ].join('\n');
  }
  if (location.length === 0) {
    return `error ${file}: Slipway failed while running the program: ${error.name}: ${error.message} Fix: reinstall the dependencies (pnpm install); if it persists, report it with this message.`;
  }
  return [`error ${file}: the program threw ${error.name}: ${error.message} Fix: correct ${file} at the location below.`, ...location].join('\n');
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}
