import type { IConstruct } from 'constructs';
import { rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setSession, type SynthSession } from '../session.js';
import type { SynthResult } from '../synthesizer.js';

/** One `App.synth()` as seen by the CLI. */
export interface AppRun {
  readonly app: IConstruct & { readonly name: string; readonly outdirOption?: string; readonly synthesized: boolean; synth(): SynthResult };
  readonly result: SynthResult;
  readonly outdir: string;
}

/** What running the program produced. */
export interface ProgramRun {
  readonly runs: readonly AppRun[];
  /** Local source files the program is made of (for `--watch`). */
  readonly imports: readonly string[];
}

export interface LoadOptions {
  readonly file: string;
  readonly strict: boolean;
  readonly out?: string;
  readonly target?: string;
}

/** A syntax or import error in the program, reported with its location. */
export class ProgramBuildError extends Error {
  constructor(readonly messages: readonly string[]) {
    super(messages.join('\n'));
    this.name = 'ProgramBuildError';
  }
}

let generation = 0;

/**
 * Runs a TypeScript program in this process inside a synth session, synthesizes any App it
 * created but did not synthesize, and returns the results.
 *
 * The program's own modules are transpiled together by esbuild into one temporary ES module
 * beside it (so packages resolve exactly as they would for the program), with an inline source
 * map so errors point into the user's files; installed packages are imported natively. This is
 * the same transform tsx applies, without a loader thread in the way of every import. Each call
 * loads the program's modules afresh, which `--watch` relies on.
 */
export async function loadProgram(options: LoadOptions): Promise<ProgramRun> {
  const { file } = options;
  const dir = dirname(file);
  const { build } = await import('esbuild');
  const bundled = await build({
    entryPoints: [file],
    bundle: true,
    packages: 'external',
    format: 'esm',
    platform: 'node',
    target: `node${process.versions.node.split('.')[0]}`,
    write: false,
    sourcemap: 'inline',
    sourcesContent: false,
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: dir,
    outfile: join(dir, 'out.mjs'),
    // CommonJS-style globals some programs use, pointing at the program itself.
    banner: {
      js: [
        "import { createRequire as __slipwayCreateRequire } from 'node:module';",
        `const __filename = ${JSON.stringify(file)};`,
        `const __dirname = ${JSON.stringify(dir)};`,
        'const require = __slipwayCreateRequire(__filename);',
      ].join('\n'),
    },
  }).catch((error: { errors?: Array<{ text: string; location?: { file: string; line: number; column: number } | null }> }) => {
    if (!error.errors) throw error;
    throw new ProgramBuildError(
      error.errors.map((e) => (e.location ? `${e.location.file}:${e.location.line}:${e.location.column + 1}: ${e.text}` : e.text)),
    );
  });
  const imports = Object.keys(bundled.metafile.inputs)
    .map((p) => resolve(dir, p))
    .filter((p) => !/\/node_modules\//.test(p))
    .sort();

  const runs: AppRun[] = [];
  const session: SynthSession = {
    out: options.out,
    baseDir: dir,
    source: relative(dir, file),
    strict: options.strict,
    target: options.target,
    apps: [],
    record: (app, result, outdir) => runs.push({ app: app as AppRun['app'], result, outdir }),
  };
  const temp = join(dir, `.${basename(file)}.slipway-${process.pid}-${++generation}.mjs`);
  writeFileSync(temp, bundled.outputFiles[0]!.text);
  process.setSourceMapsEnabled(true);
  setSession(session);
  try {
    await import(pathToFileURL(temp).href);
    for (const app of session.apps as AppRun['app'][]) {
      if (!app.synthesized) app.synth();
    }
  } finally {
    setSession(undefined);
    rmSync(temp, { force: true });
  }
  return { runs, imports };
}
