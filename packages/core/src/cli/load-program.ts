import { dirname, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { IConstruct } from 'constructs';
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
  /** Local source files the program loaded (for `--watch`). */
  readonly imports: readonly string[];
}

export interface LoadOptions {
  readonly file: string;
  readonly strict: boolean;
  readonly out?: string;
  readonly target?: string;
}

/**
 * Runs a TypeScript program in this process (through tsx, no compile step) inside a synth
 * session, synthesizes any App it created but did not synthesize, and returns the results.
 * Each call loads the program's modules afresh.
 */
export async function loadProgram(options: LoadOptions): Promise<ProgramRun> {
  const runs: AppRun[] = [];
  const session: SynthSession = {
    out: options.out,
    baseDir: dirname(options.file),
    source: relative(dirname(options.file), options.file),
    strict: options.strict,
    target: options.target,
    apps: [],
    record: (app, result, outdir) => runs.push({ app: app as AppRun['app'], result, outdir }),
  };
  const imports = new Set<string>([options.file]);
  setSession(session);
  try {
    const { tsImport } = await import('tsx/esm/api');
    await tsImport(pathToFileURL(options.file).href, {
      parentURL: import.meta.url,
      onImport: (url: string) => {
        if (!url.startsWith('file:')) return;
        const path = fileURLToPath(url.replace(/\?.*$/, ''));
        // The user's own modules; libraries (installed, or linked workspace builds) don't change.
        if (!/\/(node_modules|dist)\//.test(path)) imports.add(path);
      },
    });
    for (const app of session.apps as AppRun['app'][]) {
      if (!app.synthesized) app.synth();
    }
  } finally {
    setSession(undefined);
  }
  return { runs, imports: [...imports].sort() };
}
