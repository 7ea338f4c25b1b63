import { UsageError } from '../errors.js';

/** Parsed command line of `synth`. */
export interface CliArgs {
  readonly file: string;
  readonly out?: string;
  readonly check: boolean;
  readonly diff: boolean;
  readonly stdout: boolean;
  readonly watch: boolean;
  readonly strict: boolean;
  readonly quiet: boolean;
  readonly target?: string;
  readonly help: boolean;
  readonly version: boolean;
}

export const USAGE = `Usage: synth [infra.ts] [options]
       synth init [DIR]                    write a starter infra.ts for the apps found in DIR
       synth import docker-compose.yml     turn a Compose file into an infra.ts

Runs infra.ts and writes the deployment folder (default: deploy/ beside infra.ts).

Options:
  --out DIR        output folder (must agree with the App's outdir when both are set)
  --check          write nothing; exit 1 listing files that are missing, stale or hand-edited
  --diff           write nothing; print a unified diff of what would change
  --stdout         write nothing; print every file
  --watch          synthesize again whenever infra.ts or a file it imports changes
  --strict         treat warnings as errors
  --target NAME    deployment target (compose, swarm) when the App leaves it open
  --quiet          print errors only
  -h, --help       show this help
  -v, --version    show the version

Exit codes: 0 success, 1 validation errors or drift, 2 usage errors.`;

const FLAGS = new Set(['check', 'diff', 'stdout', 'watch', 'strict', 'quiet', 'help', 'version']);
const VALUED = new Set(['out', 'target']);
const SHORT: Record<string, string> = { h: 'help', v: 'version' };

/** Parses argv; throws {@link UsageError} on anything it does not understand. */
export function parseArgs(argv: readonly string[]): CliArgs {
  const flags: Record<string, boolean> = {};
  const values: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const [rawName, inline] = arg.replace(/^--?/, '').split(/=(.*)/s, 2) as [string, string | undefined];
    const name = arg.startsWith('--') ? rawName : (SHORT[rawName] ?? `-${rawName}`);
    if (FLAGS.has(name)) {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value.`);
      flags[name] = true;
    } else if (VALUED.has(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value.`);
      values[name] = value;
    } else {
      throw new UsageError(`unknown option "${arg}".`);
    }
  }
  if (positional.length > 1) throw new UsageError(`expected one program file, got ${positional.join(', ')}.`);
  const modes = ['check', 'diff', 'stdout', 'watch'].filter((m) => flags[m]);
  if (modes.length > 1) throw new UsageError(`choose one of ${modes.map((m) => `--${m}`).join(', ')}.`);
  return {
    file: positional[0] ?? 'infra.ts',
    out: values.out,
    target: values.target,
    check: !!flags.check,
    diff: !!flags.diff,
    stdout: !!flags.stdout,
    watch: !!flags.watch,
    strict: !!flags.strict,
    quiet: !!flags.quiet,
    help: !!flags.help,
    version: !!flags.version,
  };
}
