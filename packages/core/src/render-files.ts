import type { IConstruct } from 'constructs';
import type { Diagnostic } from './diagnostic.js';
import type { RenderContext } from './files/output-file.js';
import { outputPathProblem } from './output/safe-path.js';
import { isFileProducer, type RenderedFile, type SynthesizeOptions } from './synthesizer.js';

interface RenderOptions extends SynthesizeOptions {
  readonly displayPath: (c: IConstruct) => string;
  /** Constructs already have errors: skip what cannot be rendered instead of failing. */
  readonly tolerant: boolean;
}

/** Renders every producer's files (tree order) and runs the document and cross-file checks. */
export function renderFiles(all: readonly IConstruct[], options: RenderOptions): { files: RenderedFile[]; diagnostics: Diagnostic[] } {
  const { displayPath } = options;
  const diagnostics: Diagnostic[] = [];
  const attempt = <T>(f: () => T): T | undefined => {
    if (!options.tolerant) return f();
    try {
      return f();
    } catch {
      return undefined; // an invalid construct, whose error is reported already
    }
  };
  const context: RenderContext = { source: options.source ?? 'infra.ts' };
  const rendered = new Map<string, RenderedFile>();
  const owners = new Map<string, IConstruct>();
  for (const producer of all) {
    if (!isFileProducer(producer)) continue;
    for (const file of attempt(() => producer.produceFiles()) ?? []) {
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
      const content = attempt(() => file.render(context));
      if (content === undefined) continue;
      rendered.set(file.path, { path: file.path, content, mode: file.mode });
      for (const p of attempt(() => file.check(content)) ?? []) {
        diagnostics.push({ level: 'error', path: p.path ?? displayPath(owner), message: `${file.path}: ${p.message}`, fix: p.fix });
      }
    }
  }
  for (const check of options.crossFileChecks ?? []) {
    for (const p of attempt(() => check(rendered)) ?? []) diagnostics.push({ level: 'error', path: options.displayRoot, ...p });
  }
  const files = [...rendered.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, diagnostics };
}

/**
 * Drops document problems that repeat a construct error in other words (the same quoted name or
 * port: `"JWT_SECRET" looks like a secret…` and `docker-compose.yml: "JWT_SECRET" holds a literal
 * secret…`), so one mistake is reported once.
 */
export function withoutRepeats(found: readonly Diagnostic[], known: readonly Diagnostic[]): Diagnostic[] {
  const tokens = (m: string) => [...m.matchAll(/"([^"]+)"|\b(\d+\/(?:tcp|udp))\b/g)].map((x) => x[1] ?? x[2]!);
  const seen = new Set(known.filter((d) => d.level === 'error').flatMap((d) => tokens(d.message)));
  return found.filter((d) => !tokens(d.message).some((t) => seen.has(t)));
}

/** Every file lands in the output folder; what points elsewhere (a build context) is a relative path inside it. */
function safePathFix(path: string): string {
  const name = path.split(/[\\/]/).filter((p) => p && p !== '.' && p !== '..').pop() ?? 'file';
  const suggestion = /^\.env(\.|$)/.test(name) ? `${name}.example` : name;
  return `name it inside the output folder, e.g. "${suggestion}" (files are always written there; a build context can still be any folder of the project).`;
}
