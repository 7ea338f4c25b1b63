import type { IConstruct } from 'constructs';
import { Annotations } from './annotations.js';
import { invokeAspects } from './aspects.js';
import { findCycles } from './dependency-graph.js';
import { sortDiagnostics, type Diagnostic, type Problem } from './diagnostic.js';
import type { OutputFile } from './files/output-file.js';
import { renderFiles, withoutRepeats } from './render-files.js';
import { Validation } from './validation.js';

/** A construct that contributes files to the output folder. */
export interface IFileProducer {
  /**
   * Called once per synth, after validation, even when it found errors (so that every error comes
   * in one round); may throw for a construct that has errors, which is then skipped.
   */
  produceFiles(): readonly OutputFile[];
}

export function isFileProducer<T>(x: T): x is T & IFileProducer {
  return typeof (x as IFileProducer | undefined)?.produceFiles === 'function';
}

/** A file as it will be written. */
export interface RenderedFile {
  readonly path: string;
  readonly content: string;
  readonly mode: number;
}

/** A check across all rendered files, e.g. that a file referenced by another one exists. */
export type CrossFileCheck = (files: ReadonlyMap<string, RenderedFile>) => readonly Problem[];

/** What one synth produced. */
export interface SynthResult {
  /** Files sorted by path; empty when the synth failed. */
  readonly files: readonly RenderedFile[];
  /** Errors and (unacknowledged) warnings, sorted. */
  readonly diagnostics: readonly Diagnostic[];
  /** True when there are errors (warnings count as errors under `strict`). */
  readonly failed: boolean;
}

export interface SynthesizeOptions {
  /**
   * Warnings fail the synth.
   * @default false
   */
  readonly strict?: boolean;
  /**
   * Display name of the program, used in file headers.
   * @default `infra.ts`
   */
  readonly source?: string;
  /** Prefix of construct paths in messages, usually the App's name. */
  readonly displayRoot: string;
  readonly crossFileChecks?: readonly CrossFileCheck[];
}

/**
 * The pipeline: aspects → validation → render → document checks. Writing is separate
 * (see `writeOutput`) so `--check`, `--diff` and tests can reuse everything before it.
 */
export function synthesize(root: IConstruct, options: SynthesizeOptions): SynthResult {
  const displayPath = (c: IConstruct) =>
    c.node.path ? `${options.displayRoot}/${c.node.path}` : options.displayRoot;

  invokeAspects(root);
  const all = root.node.findAll();
  const { diagnostics, cyclic } = validate(all, displayPath);
  // All errors in one round: the document checks run even when constructs have errors, so a
  // user does not meet a second wave after fixing the first. Rendering then tolerates constructs
  // it cannot render (their errors are reported already), except around a dependency cycle,
  // which a renderer walking dependencies may not survive.
  const constructErrors = diagnostics.some((d) => d.level === 'error');
  if (cyclic) return done([], diagnostics, options.strict);
  const rendered = renderFiles(all, { ...options, displayPath, tolerant: constructErrors });
  diagnostics.push(...(constructErrors ? withoutRepeats(rendered.diagnostics, diagnostics) : rendered.diagnostics));
  return done(rendered.files, diagnostics, options.strict);
}

function validate(all: readonly IConstruct[], displayPath: (c: IConstruct) => string): { diagnostics: Diagnostic[]; cyclic: boolean } {
  const out: Diagnostic[] = [];
  for (const c of all) {
    const path = displayPath(c);
    const annotations = Annotations.of(c);
    for (const e of annotations.errors) out.push({ level: 'error', path, ...e });
    const problems = Validation.run(c);
    for (const p of problems) {
      const { warning, ...rest } = p;
      if (warning === undefined) out.push({ level: 'error', path, ...rest });
      else if (!annotations.isAcknowledged(warning)) out.push({ level: 'warning', path, id: warning, ...rest });
    }
    for (const w of annotations.warnings) {
      if (!annotations.isAcknowledged(w.id)) out.push({ level: 'warning', path, ...w });
    }
    for (const message of c.node.validate()) {
      out.push({ level: 'error', path, message, fix: 'see the message above.' });
    }
  }
  const cycles = findCycles(all);
  for (const cycle of cycles) {
    const names = [...cycle, cycle[0]!].map(displayPath).join(' → ');
    out.push({
      level: 'error',
      path: displayPath(cycle[0]!),
      message: `dependency cycle: ${names}.`,
      fix: 'remove one of the references along the cycle; services cannot wait for each other.',
    });
  }
  return { diagnostics: out, cyclic: cycles.length > 0 };
}

function fails(diagnostics: readonly Diagnostic[], strict = false): boolean {
  return diagnostics.some((d) => d.level === 'error' || (strict && d.level === 'warning'));
}

function done(files: RenderedFile[], diagnostics: Diagnostic[], strict?: boolean): SynthResult {
  const failed = fails(diagnostics, strict);
  return { files: failed ? [] : files, diagnostics: sortDiagnostics(diagnostics), failed };
}
