import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { SynthError, UsageError } from '../errors.js';
import { packageRootOf } from '../package-root.js';
import { describeDrift, findDrift } from '../output/drift.js';
import { ManifestError, MANIFEST_FILE, readManifest } from '../output/manifest.js';
import { recoverInterrupted } from '../output/staging.js';
import { defaultWriterFs } from '../output/writer-fs.js';
import { unifiedDiff } from '../output/unified-diff.js';
import { UnsafeOutputPathError, WriteConflictError, writeOutput } from '../output/writer.js';
import { describeFsError } from './fs-errors.js';
import { runAdoptCommand } from './adopt/adopt-command.js';
import { parseArgs, USAGE, type CliArgs } from './args.js';
import { loadProgram, ProgramBuildError, type AppRun } from './load-program.js';
import { describeProgramError, printDiagnostics, processIO, seconds, type CliIO } from './report.js';
import { watchProgram } from './watch.js';

/** Exit codes of `synth`. */
export const ExitCode = { OK: 0, FAILED: 1, USAGE: 2 } as const;

/** Entry point of the `synth` command; returns the exit code. */
export async function main(argv: readonly string[], io: CliIO = processIO): Promise<number> {
  if (argv[0] === 'init' || argv[0] === 'import') return runAdoptCommand(argv, io);
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (error) {
    io.err(`synth: ${(error as Error).message}\nRun \`synth --help\` for usage.`);
    return ExitCode.USAGE;
  }
  if (args.help) {
    io.out(USAGE);
    return ExitCode.OK;
  }
  if (args.version) {
    io.out(version());
    return ExitCode.OK;
  }
  const file = resolve(args.file);
  if (!existsSync(file) || !statSync(file).isFile()) {
    io.err(`synth: no program at ${file}. Pass its path (\`synth path/to/infra.ts\`) or run synth from its folder.`);
    return ExitCode.USAGE;
  }
  const out = args.out === undefined ? undefined : resolve(args.out);
  if (args.watch) return watchProgram(() => runOnce(args, file, out, io), io);
  return (await runOnce(args, file, out, io)).code;
}

async function runOnce(args: CliArgs, file: string, out: string | undefined, io: CliIO): Promise<{ code: number; imports: string[] }> {
  const started = performance.now();
  let runs: readonly AppRun[];
  let imports: string[] = [file];
  try {
    const program = await loadProgram({ file, strict: args.strict, out, target: args.target });
    runs = program.runs;
    imports = [...program.imports];
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`synth: ${error.message}`);
      return { code: ExitCode.USAGE, imports };
    }
    if (error instanceof ProgramBuildError) {
      for (const m of error.messages) io.err(`error ${m}`);
      io.err(`\n${relative(process.cwd(), file) || file} cannot be loaded; nothing was written.`);
    } else if (error instanceof SynthError) printDiagnostics(io, error.diagnostics, args.quiet);
    else io.err(describeProgramError(error, relative(process.cwd(), file) || file));
    return { code: ExitCode.FAILED, imports };
  }
  if (runs.length === 0) {
    io.err(`synth: ${file} created no App. Create one with \`new App({ name: 'my-app' })\`.`);
    return { code: ExitCode.FAILED, imports };
  }
  const diagnostics = runs.flatMap((r) => r.result.diagnostics);
  printDiagnostics(io, diagnostics, args.quiet);
  if (runs.some((r) => r.result.failed)) return { code: ExitCode.FAILED, imports };
  const targets = resolveOutdirs(runs, out);
  if (typeof targets === 'string') {
    io.err(`synth: ${targets}`);
    return { code: ExitCode.USAGE, imports };
  }

  let code: number = ExitCode.OK;
  for (const [i, run] of runs.entries()) {
    code = Math.max(code, act(args, run, targets[i]!, io, started));
  }
  return { code, imports };
}

/** One owner of each output folder: `--out` and the App's outdir must agree. */
function resolveOutdirs(runs: readonly AppRun[], out: string | undefined): string[] | string {
  if (out && runs.length > 1) return `--out cannot be used with ${runs.length} Apps; give each App its own outdir.`;
  const dirs = runs.map((r) => {
    if (out && r.app.outdirOption !== undefined && resolve(r.outdir) !== out) {
      return `App "${r.app.name}" writes to ${r.outdir} but --out says ${out}. Remove one of the two.`;
    }
    return out ?? r.outdir;
  });
  const problem = dirs.find((d, i) => d !== (out ?? runs[i]!.outdir));
  if (problem) return problem;
  const seen = new Set<string>();
  for (const d of dirs) {
    if (seen.has(d)) return `two Apps write to ${d}; give each App its own outdir.`;
    seen.add(d);
  }
  return dirs;
}

function act(args: CliArgs, run: AppRun, outdir: string, io: CliIO, started: number): number {
  const shown = relative(process.cwd(), outdir) || '.';
  try {
    return actOn(args, run, outdir, shown, io, started);
  } catch (error) {
    if (error instanceof WriteConflictError || error instanceof ManifestError || error instanceof UnsafeOutputPathError) {
      io.err(`synth: ${error.message}`);
      return ExitCode.FAILED;
    }
    const fsProblem = describeFsError(error, outdir);
    if (fsProblem === undefined) throw error;
    io.err(`synth: ${fsProblem}`);
    return ExitCode.FAILED;
  }
}

function actOn(args: CliArgs, run: AppRun, outdir: string, shown: string, io: CliIO, started: number): number {
  const files = run.result.files;
  if (args.stdout) {
    for (const f of files) io.out(`# ==> ${f.path} <==\n${f.content}`);
    return ExitCode.OK;
  }
  if (args.diff || args.check) {
    // A synth killed mid-write is finished first, so what is compared is a whole folder.
    const recovered = recoverInterrupted(outdir, defaultWriterFs());
    if (recovered.length && !args.quiet) io.err(noteRecovered(shown));
  }
  if (args.diff) {
    const manifest = readManifest(outdir);
    const produced = new Set(files.map((f) => f.path));
    for (const f of files) {
      const path = join(outdir, f.path);
      const old = existsSync(path) ? readFileSync(path, 'utf8') : '';
      const diff = unifiedDiff(old, f.content, existsSync(path) ? `a/${f.path}` : '/dev/null', `b/${f.path}`);
      if (diff) io.out(diff);
    }
    for (const p of Object.keys(manifest).filter((p) => !produced.has(p) && existsSync(join(outdir, p)))) {
      io.out(unifiedDiff(readFileSync(join(outdir, p), 'utf8'), '', `a/${p}`, '/dev/null'));
    }
    return ExitCode.OK;
  }
  if (args.check) {
    const drift = findDrift(outdir, files);
    if (drift.length === 0) {
      if (!args.quiet) io.out(`✔ ${shown} is up to date (${files.length} files).`);
      return ExitCode.OK;
    }
    io.err(`✘ ${shown} does not match ${run.app.name}'s infra:`);
    for (const d of drift) io.err(`  ${describeDrift(d)}`);
    return ExitCode.FAILED;
  }
  const report = writeOutput(outdir, files);
  if (!args.quiet) {
    if (report.recovered.length) io.err(noteRecovered(shown));
    for (const e of report.ignoredEntries) {
      io.err(`note: ${shown}/${MANIFEST_FILE} lists "${e.path}", which ${e.reason}; synth left it alone. Fix: restore the manifest from git if you did not edit it.`);
    }
    for (const p of report.keptEdits) {
      io.err(`note: kept ${shown}/${p}: no longer produced, but edited by hand since synth wrote it; it is yours now (delete it if unneeded).`);
    }
    for (const p of report.overwrittenEdits) io.err(`note: replaced hand edits in ${shown}/${p}`);
    const parts = [`${report.written.length} written`, `${report.unchanged.length} unchanged`];
    if (report.removed.length) parts.push(`${report.removed.length} removed`);
    io.out(`✔ Synthesized ${files.length} files into ${shown}/ (${parts.join(', ')}) in ${seconds(performance.now() - started)}.`);
  }
  return ExitCode.OK;
}

function noteRecovered(shown: string): string {
  return `note: an earlier synth was interrupted while writing ${shown}/; its write was completed first.`;
}

function version(): string {
  const pkg = JSON.parse(readFileSync(join(packageRootOf(import.meta.url), 'package.json'), 'utf8')) as { version: string };
  return `synth (Slipway) ${pkg.version}`;
}

export { MANIFEST_FILE };
