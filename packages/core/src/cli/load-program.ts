import type { IConstruct } from 'constructs';
import { dirname, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setSession, type SynthSession } from '../session.js';
import type { SynthResult } from '../synthesizer.js';
import { describeMissingExport } from './link-errors.js';
import { programModulePath, removeProgramModule, sweepLegacyModules, writeProgramModule } from './program-module.js';
import { nodeResolveOptions, resolvePackages } from './resolve-packages.js';

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
 * The program's own modules are transpiled together by esbuild into one temporary ES module in a
 * private temp folder (never beside infra.ts, which may be read-only), with an inline source map
 * so errors point into the user's files; installed packages are resolved from the importing file
 * as Node would and imported natively by absolute URL. This is
 * the same transform tsx applies, without a loader thread in the way of every import. Each call
 * loads the program's modules afresh, which `--watch` relies on.
 */
export async function loadProgram(options: LoadOptions): Promise<ProgramRun> {
  const { file } = options;
  const dir = dirname(file);
  const temp = programModulePath(++generation);
  sweepLegacyModules(dir);
  const specifiers = new Map<string, string>();
  const { build } = await import('esbuild');
  const bundled = await build({
    entryPoints: [file],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: `node${process.versions.node.split('.')[0]}`,
    write: false,
    sourcemap: 'inline',
    sourcesContent: false,
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: dir,
    outfile: temp, // source map paths are relative to it
    plugins: [resolvePackages(specifiers)],
    ...nodeResolveOptions,
    // The program sees its own location, not the temporary module's.
    define: { 'import.meta.url': '__slipwayUrl', 'import.meta.filename': '__filename', 'import.meta.dirname': '__dirname' },
    // CommonJS-style globals some programs use, pointing at the program itself.
    banner: {
      js: [
        "import { createRequire as __slipwayCreateRequire } from 'node:module';",
        `const __filename = ${JSON.stringify(file)};`,
        `const __dirname = ${JSON.stringify(dir)};`,
        `const __slipwayUrl = ${JSON.stringify(pathToFileURL(file).href)};`,
        'const require = __slipwayCreateRequire(__filename);',
      ].join('\n'),
    },
  }).catch((error: { errors?: Array<{ text: string; location?: { file: string; line: number; column: number } | null }> }) => {
    if (!error.errors) throw error;
    throw new ProgramBuildError(
      error.errors.map((e) => {
        const fix = /^Could not resolve "([^"]+)"/.exec(e.text);
        const text = fix && !/^\.\.?\//.test(fix[1]!) ? `${e.text}. Fix: install it (e.g. \`npm install ${packageName(fix[1]!)}\`) or correct the name.` : e.text;
        return e.location ? `${e.location.file}:${e.location.line}:${e.location.column + 1}: ${text}` : text;
      }),
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
  const code = bundled.outputFiles[0]!.text;
  const url = pathToFileURL(temp).href;
  process.setSourceMapsEnabled(true);
  setSession(session);
  try {
    writeProgramModule(temp, code);
    await import(url);
    for (const app of session.apps as AppRun['app'][]) {
      if (!app.synthesized) app.synth();
    }
  } catch (error) {
    const missing = await describeMissingExport(error, { path: temp, url, code, specifiers });
    if (missing) throw new ProgramBuildError([missing]);
    throw hideModulePath(error, temp, url, relative(process.cwd(), file) || file);
  } finally {
    setSession(undefined);
    removeProgramModule(temp);
  }
  return { runs, imports };
}

/** `@scope/name` or `name` of a bare import such as `@scope/name/sub`. */
function packageName(specifier: string): string {
  return specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
}

/** The temporary module is ours, not the user's: messages name the program instead. */
function hideModulePath(error: unknown, path: string, url: string, shown: string): unknown {
  if (!(error instanceof Error)) return error;
  for (const key of ['message', 'stack'] as const) {
    const text = error[key];
    if (typeof text === 'string' && (text.includes(path) || text.includes(url))) {
      error[key] = text.split(url).join(shown).split(path).join(shown);
    }
  }
  return error;
}
