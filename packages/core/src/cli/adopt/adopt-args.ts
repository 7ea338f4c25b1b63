import { UsageError } from '../../errors.js';

/** Parsed command line of `synth init` / `synth import`. */
export interface AdoptArgs {
  readonly command: 'init' | 'import';
  /**
   * init: the repository folder; import: the Compose file (required).
   * @default '.' (init)
   */
  readonly target: string;
  /** Program file to write, relative to the current directory. @default infra.ts */
  readonly file: string;
  /** App name. @default from package.json or the Compose file, else the folder's name */
  readonly name?: string;
  /** Print the program, write nothing. @default false */
  readonly dryRun: boolean;
  /** Replace an existing program file. @default false */
  readonly force: boolean;
  /** Leave package.json alone. @default false */
  readonly noPackageJson: boolean;
  readonly help: boolean;
}

export const ADOPT_USAGE = `Usage: synth init [DIR] [options]
       synth import docker-compose.yml [options]

init    finds the apps of the repository in DIR (default: .), their frameworks and the databases
        they use, and writes a starter infra.ts that synthesizes.
import  turns a hand-written Compose file into an infra.ts of typed constructs; literal
        passwords become Secrets (you fill them in deploy/.env), nothing else is lost.

Options:
  --file PATH        program to write (default: infra.ts in DIR, or beside the Compose file)
  --name NAME        App name (default: package.json's name, else the folder's)
  --dry-run          write nothing; print the program
  --force            replace an existing program file
  --no-package-json  do not add the synth scripts and devDependencies to package.json
  -h, --help         show this help

Exit codes: 0 success, 1 nothing usable found, 2 usage errors.`;

/** Parses `init …` / `import …` (argv[0] is the command). */
export function parseAdoptArgs(argv: readonly string[]): AdoptArgs {
  const command = argv[0] as 'init' | 'import';
  const positional: string[] = [];
  const flags = new Set<string>();
  const values: Record<string, string> = {};
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('-')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.split(/=(.*)/s, 2) as [string, string | undefined];
    if (['--dry-run', '--force', '--no-package-json', '--help', '-h'].includes(name)) {
      if (inline !== undefined) throw new UsageError(`${name} takes no value.`);
      flags.add(name === '-h' ? '--help' : name);
    } else if (name === '--file' || name === '--name') {
      const value = inline ?? argv[++i];
      if (value === undefined || value.startsWith('-')) throw new UsageError(`${name} needs a value.`);
      values[name.slice(2)] = value;
    } else throw new UsageError(`unknown option "${arg}" for synth ${command}.`);
  }
  if (positional.length > 1) throw new UsageError(`synth ${command} takes one ${command === 'init' ? 'folder' : 'Compose file'}, got ${positional.join(', ')}.`);
  if (command === 'import' && !positional.length && !flags.has('--help')) throw new UsageError('synth import needs the Compose file: synth import docker-compose.yml.');
  if (values.name !== undefined && !/^[a-z][a-z0-9-]*$/.test(values.name)) throw new UsageError(`--name "${values.name}": use lowercase letters, digits and "-", starting with a letter.`);
  return {
    command,
    target: positional[0] ?? '.',
    file: values.file ?? 'infra.ts',
    name: values.name,
    dryRun: flags.has('--dry-run'),
    force: flags.has('--force'),
    noPackageJson: flags.has('--no-package-json'),
    help: flags.has('--help'),
  };
}
