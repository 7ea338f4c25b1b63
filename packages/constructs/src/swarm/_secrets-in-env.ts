import { composeLiteral } from '../formats/compose.js';
import type { ServiceModel } from '../model/deployment-model.js';
import { literalOf, secretsOf, wholeSecretOf, type ModelValue } from '../model/values.js';
import { shellFromSecretFiles, stackValue } from './_stack-values.js';
import { fileVariableFor } from './_file-secrets.js';
import type { SwarmProblem, TranslationNote } from './stack-types.js';

/** Where Swarm mounts a secret in the container. */
export const secretFile = (variable: string) => `/run/secrets/${variable}`;

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash']);
const isShell = (arg: string | undefined) => arg !== undefined && SHELLS.has(arg.split('/').pop()!);

/**
 * The environment, command and health check of a service with its secrets moved into files, as
 * `stack.yml` text.
 */
export interface SecretsTranslation {
  readonly environment: Array<readonly [string, string]>;
  readonly entrypoint?: readonly string[];
  readonly command?: readonly string[];
  /** The health check's `test`, when the service has one. */
  readonly healthTest?: readonly string[];
  /** `.env` variables mounted as Swarm secrets. */
  readonly secrets: string[];
  /** `.env` variables left for `docker stack deploy` to interpolate. */
  readonly interpolated: string[];
  readonly problems: SwarmProblem[];
  readonly notes: TranslationNote[];
}

/**
 * Moves secrets out of the service's environment, in this order of preference:
 * 1. the image reads `<VAR>_FILE` (official postgres, mysql, grafana… or `swarm.fileSecrets`):
 *    the variable points at the secret file;
 * 2. the service starts through a shell Slipway knows (`sh -c …`, `sh script.sh`): the shell
 *    exports the variables from the secret files before `exec`, so any value (a URL with a
 *    password) is rebuilt inside the container and never stored in the service spec;
 * 3. otherwise the value stays in the environment, interpolated by `docker stack deploy` from
 *    `.env`: it is then visible in `docker service inspect` — warning `swarm-secret-in-env`.
 */
export function translateSecrets(s: ServiceModel): SecretsTranslation {
  const out: SecretsTranslation = { environment: [], secrets: [], interpolated: [], problems: [], notes: [] };
  const exports: Array<[string, string]> = [];
  const shellArgv = shellStart(s);
  for (const [name, value] of s.environment) {
    const secrets = secretsOf(value);
    if (!secrets.length) {
      out.environment.push([name, stackValue(value)]);
      continue;
    }
    const whole = wholeSecretOf(value);
    const fileVariable = whole && fileVariableFor(s.image, name, s.swarm?.fileSecrets);
    if (whole && fileVariable) {
      out.environment.push([fileVariable, secretFile(whole)]);
      out.secrets.push(whole);
      out.notes.push({ service: s.name, text: `${name} is read from the secret file ${secretFile(whole)} (${fileVariable}).` });
    } else if (shellArgv) {
      exports.push([name, shellFromSecretFiles(value, secretFile)]);
      out.secrets.push(...secrets);
      out.notes.push({ service: s.name, text: `${name} is rebuilt from secret files by the start-up shell, not stored in the service.` });
    } else {
      out.environment.push([name, stackValue(value)]);
      out.interpolated.push(...secrets);
      out.problems.push({
        service: s.name,
        warning: 'swarm-secret-in-env',
        message: `${name} carries the secret${secrets.length > 1 ? 's' : ''} ${secrets.join(', ')} in an environment value: on Swarm it is stored in the service definition (docker service inspect shows it to every manager).`,
        fix: `if the image can read ${name}_FILE, declare swarm: { fileSecrets: ['${name}'] }; else start it through a shell (command: ['sh', '-c', '…']) so Slipway reads the secret file at start; or acknowledge 'swarm-secret-in-env'.`,
      });
    }
  }
  const exported = exports.map(([n, v]) => `export ${n}=${v};`).join(' ');
  const result = {
    ...out,
    secrets: [...new Set(out.secrets)].sort(),
    interpolated: [...new Set(out.interpolated)].sort(),
    entrypoint: s.entrypoint?.map(stackValue),
    command: s.command?.map(stackValue),
    healthTest: s.healthCheck && [s.healthCheck.form, ...s.healthCheck.command.map(stackValue)],
  };
  if (!exports.length || !shellArgv) return result;
  return { ...result, ...wrapStart(result, shellArgv, exported), healthTest: healthWithSecrets(s, exports.map(([n]) => n), exported) ?? result.healthTest };
}

const isShellValue = (arg: ModelValue | undefined) => arg !== undefined && isShell(literalOf(arg));

/** `entrypoint` or `command` when the container starts through a shell, else undefined. */
function shellStart(s: ServiceModel): { key: 'entrypoint' | 'command' } | undefined {
  if (s.entrypoint?.length) return isShellValue(s.entrypoint[0]) ? { key: 'entrypoint' } : undefined;
  if (s.command?.length && isShellValue(s.command[0])) return { key: 'command' };
  return undefined;
}

/** Prefixes `sh -c SCRIPT`, or runs the argv through `sh -c 'exports; exec "$@"'`. */
function wrapStart(t: { entrypoint?: readonly string[]; command?: readonly string[] }, start: { key: 'entrypoint' | 'command' }, exported: string) {
  const [shell, flag, script, ...rest] = t[start.key]!;
  const argv =
    flag === '-c' && script !== undefined
      ? [shell!, '-c', `${exported} ${script}`, ...rest]
      : [shell!, '-c', `${exported} exec "${composeLiteral('$@')}"`, 'slipway-secrets', ...t[start.key]!];
  return { [start.key]: argv };
}

/** A shell health check that reads a moved variable gets the same exports first. */
function healthWithSecrets(s: ServiceModel, moved: readonly string[], exported: string): readonly string[] | undefined {
  const h = s.healthCheck;
  if (h?.form !== 'CMD-SHELL' || !h.command[0]) return undefined;
  const script = h.command[0];
  const text = script.map((p) => (p.kind === 'secret' ? '' : p.text)).join('');
  if (!moved.some((n) => new RegExp(`\\$\\{?${n}\\b`).test(text))) return undefined;
  return ['CMD-SHELL', `${exported} ${stackValue(script)}`];
}
