import type { IConstruct } from 'constructs';
import { Annotations } from './annotations.js';
import { invokeAspects } from './aspects.js';
import { findCycles } from './dependency-graph.js';
import { sortDiagnostics, type Diagnostic, type Problem } from './diagnostic.js';
import type { OutputFile, RenderContext } from './files/output-file.js';
import { outputPathProblem } from './output/safe-path.js';
import { Validation } from './validation.js';

/** A construct that contributes files to the output folder. */
export interface IFileProducer {
  /** Called once per synth, after validation passed. */
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
  /** Warnings fail the synth. Default: false. */
  readonly strict?: boolean;
  /** Display name of the program, used in file headers. Default: `infra.ts`. */
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
  const diagnostics = validate(all, displayPath);
  if (fails(diagnostics, options.strict)) return done([], diagnostics, options.strict);

  const context: RenderContext = { source: options.source ?? 'infra.ts' };
  const rendered = new Map<string, RenderedFile>();
  const owners = new Map<string, IConstruct>();
  for (const producer of all) {
    if (!isFileProducer(producer)) continue;
    for (const file of producer.produceFiles()) {
      const owner = file.owner ?? producer;
      const previous = owners.get(file.path);
      if (previous) {
        diagnostics.push({
          level: 'error',
          path: displayPath(owner),
          message: `output file "${file.path}" is also produced by ${displayPath(previous)}.`,
          fix: 'give one of the two constructs a different id or file name.',
        });
        continue;
      }
      const unsafe = outputPathProblem(file.path);
      if (unsafe) {
        diagnostics.push({ level: 'error', path: displayPath(owner), message: `output file "${file.path}" ${unsafe}.`, fix: safePathFix(file.path) });
        continue;
      }
      owners.set(file.path, owner);
      const content = file.render(context);
      rendered.set(file.path, { path: file.path, content, mode: file.mode });
      for (const p of file.check(content)) {
        diagnostics.push({ level: 'error', path: p.path ?? displayPath(owner), message: `${file.path}: ${p.message}`, fix: p.fix });
      }
    }
  }
  for (const check of options.crossFileChecks ?? []) {
    for (const p of check(rendered)) diagnostics.push({ level: 'error', path: options.displayRoot, ...p });
  }
  const files = [...rendered.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return done(files, diagnostics, options.strict);
}

function validate(all: readonly IConstruct[], displayPath: (c: IConstruct) => string): Diagnostic[] {
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
  for (const cycle of findCycles(all)) {
    const names = [...cycle, cycle[0]!].map(displayPath).join(' → ');
    out.push({
      level: 'error',
      path: displayPath(cycle[0]!),
      message: `dependency cycle: ${names}.`,
      fix: 'remove one of the references along the cycle; services cannot wait for each other.',
    });
  }
  return out;
}

/** Every file lands in the output folder; what points elsewhere (a build context) is a relative path inside it. */
function safePathFix(path: string): string {
  const name = path.split(/[\\/]/).filter((p) => p && p !== '.' && p !== '..').pop() ?? 'file';
  const suggestion = /^\.env(\.|$)/.test(name) ? `${name}.example` : name;
  return `name it inside the output folder, e.g. "${suggestion}" (files are always written there; a build context can still be any folder of the project).`;
}

function fails(diagnostics: readonly Diagnostic[], strict = false): boolean {
  return diagnostics.some((d) => d.level === 'error' || (strict && d.level === 'warning'));
}

function done(files: RenderedFile[], diagnostics: Diagnostic[], strict?: boolean): SynthResult {
  const failed = fails(diagnostics, strict);
  return { files: failed ? [] : files, diagnostics: sortDiagnostics(diagnostics), failed };
}
