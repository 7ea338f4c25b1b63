import { formatDiagnostic, type Diagnostic } from './diagnostic.js';

/** Thrown by a synth that found errors; carries every error of that synth. */
export class SynthError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    const errors = diagnostics.filter((d) => d.level === 'error');
    super(
      `Synthesis failed with ${errors.length} error${errors.length === 1 ? '' : 's'}:\n` +
        errors.map((d) => `  ${formatDiagnostic(d)}`).join('\n'),
    );
    this.name = 'SynthError';
  }
}

/** A mistake in how the CLI or the App was invoked (exit code 2). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
