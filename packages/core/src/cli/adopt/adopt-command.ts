import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { UsageError } from '../../errors.js';
import { packageRootOf } from '../../package-root.js';
import type { CliIO } from '../report.js';
import { ADOPT_USAGE, parseAdoptArgs, type AdoptArgs } from './adopt-args.js';
import { loadAdoptModule, PresetsNotFoundError, type AdoptModule } from './adopt-module.js';
import { withSlipway } from './package-json.js';

/** Entry of `synth init` and `synth import`; returns the exit code (0, 1 or 2, as `synth`). */
export async function runAdoptCommand(argv: readonly string[], io: CliIO): Promise<number> {
  let args: AdoptArgs;
  try {
    args = parseAdoptArgs(argv);
  } catch (error) {
    io.err(`synth: ${(error as Error).message}\nRun \`synth ${argv[0]} --help\` for usage.`);
    return 2;
  }
  if (args.help) {
    io.out(ADOPT_USAGE);
    return 0;
  }
  const target = resolve(args.target);
  const isInit = args.command === 'init';
  if (isInit ? !isDir(target) : !isFile(target)) {
    io.err(`synth: ${isInit ? 'no folder' : 'no Compose file'} at ${target}.`);
    return 2;
  }
  const root = isInit ? target : dirname(target);
  const file = args.file === 'infra.ts' ? join(root, 'infra.ts') : resolve(args.file);
  if (!args.dryRun && existsSync(file) && !args.force) {
    io.err(`synth: ${shown(file)} already exists. Fix: pass --force to replace it, --file to write elsewhere, or --dry-run to print.`);
    return 2;
  }
  let mod: AdoptModule;
  try {
    mod = await loadAdoptModule(root, isInit ? 'planInit' : 'planImport');
  } catch (error) {
    if (error instanceof PresetsNotFoundError) {
      io.err(`synth: ${error.message}`);
      return 2;
    }
    throw error;
  }
  try {
    return isInit ? init(mod, args, root, file, io) : importCompose(mod, args, target, file, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`synth: ${error.message}`);
      return 2;
    }
    io.err(`synth ${args.command}: ${(error as Error).message}`);
    return 1;
  }
}

function init(mod: AdoptModule, args: AdoptArgs, root: string, file: string, io: CliIO): number {
  const plan = mod.planInit(root, { name: args.name });
  if (args.dryRun) {
    io.out(plan.infra);
    return 0;
  }
  io.out('Found:');
  for (const f of plan.found) io.out(`  ${f}`);
  if (!plan.found.length) io.out('  nothing Slipway has a preset for.');
  writeProgram(args, root, file, plan.infra, io);
  list(io, 'Before the first synth:', plan.todo);
  list(io, `Secrets to obtain (synth lists them in deploy/.env.example; put the values in deploy/.env):`, plan.providedSecrets);
  nextSteps(io, root, file);
  return plan.found.length && !plan.found.every((f) => f.includes(': skipped,')) ? 0 : 1;
}

function importCompose(mod: AdoptModule, args: AdoptArgs, compose: string, file: string, io: CliIO): number {
  const plan = mod.planImport(compose, { name: args.name, root: dirname(file) });
  if (args.dryRun) {
    io.out(plan.infra);
    return 0;
  }
  io.out(`From ${shown(compose)}:`);
  for (const m of plan.mapped) io.out(`  ${m}`);
  writeProgram(args, dirname(file), file, plan.infra, io);
  list(io, 'What the checks found in the original (and what the new stack does about it):', plan.findings);
  list(
    io,
    'Values that were literals in the Compose file are Secrets now, never written by synth. Fill them in deploy/.env (or let init-secrets.sh generate the generated ones):',
    plan.secrets.map((s) => `${s.env}  (was ${s.from})`),
  );
  nextSteps(io, dirname(file), file);
  return 0;
}

function writeProgram(args: AdoptArgs, root: string, file: string, text: string, io: CliIO): void {
  writeFileSync(file, text);
  io.out(`✔ Wrote ${shown(file)}.`);
  if (args.noPackageJson) return;
  const pkg = withSlipway(root, cliVersion());
  if (!pkg.added.length) return;
  writeFileSync(join(root, 'package.json'), pkg.text);
  io.out(`✔ ${pkg.created ? 'Created' : 'Updated'} ${shown(join(root, 'package.json'))}: ${pkg.added.join(', ')}.`);
}

function list(io: CliIO, title: string, items: readonly string[]): void {
  if (!items.length) return;
  io.out(`\n${title}`);
  for (const i of items) io.out(`  - ${i}`);
}

function nextSteps(io: CliIO, root: string, file: string): void {
  const dir = relative(process.cwd(), root);
  const program = relative(root, file);
  io.out(`\nNext: ${dir ? `cd ${dir} && ` : ''}npm install && npx synth${program === 'infra.ts' ? '' : ` ${program}`}   (then read deploy/DEPLOY.md)`);
}

function cliVersion(): string {
  return (JSON.parse(readFileSync(join(packageRootOf(import.meta.url), 'package.json'), 'utf8')) as { version: string }).version;
}

const shown = (p: string) => relative(process.cwd(), p) || p;
const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();
const isFile = (p: string) => existsSync(p) && statSync(p).isFile();
