import type { ServiceModel } from '../model/deployment-model.js';
import { composeEscape, parseComposeValue, shellFromSecretFiles, variablesOf } from './_compose-values.js';
import { fileVariableFor } from './_file-secrets.js';
import type { SwarmProblem, TranslationNote } from './stack-types.js';

/** Where Swarm mounts a secret in the container. */
export const secretFile = (variable: string) => `/run/secrets/${variable}`;

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash']);
const isShell = (arg: string | undefined) => arg !== undefined && SHELLS.has(arg.split('/').pop()!);

/** The environment, command and health check of a service with its secrets moved into files. */
export interface SecretsTranslation {
  readonly environment: Array<readonly [string, string]>;
  readonly entrypoint?: readonly string[];
  readonly command?: readonly string[];
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
export function translateSecrets(s: ServiceModel, secretVariables: ReadonlySet<string>): SecretsTranslation {
  const out: SecretsTranslation = { environment: [], secrets: [], interpolated: [], problems: [], notes: [] };
  const exports: Array<[string, string]> = [];
  const shellArgv = shellStart(s);
  for (const [name, value] of s.environment) {
    const secrets = variablesOf(value).filter((v) => secretVariables.has(v));
    if (!secrets.length) {
      out.environment.push([name, value]);
      continue;
    }
    const parts = parseComposeValue(value);
    const whole = parts.length === 1 && 'variable' in parts[0]! ? parts[0].variable : undefined;
    const fileVariable = whole && fileVariableFor(s.image, name, s.swarm?.fileSecrets);
    if (whole && fileVariable) {
      out.environment.push([fileVariable, secretFile(whole)]);
      out.secrets.push(whole);
      out.notes.push({ service: s.name, text: `${name} is read from the secret file ${secretFile(whole)} (${fileVariable}).` });
    } else if (shellArgv) {
      exports.push([name, shellFromSecretFiles(value, (v) => (secretVariables.has(v) ? secretFile(v) : undefined))]);
      out.secrets.push(...secrets);
      out.notes.push({ service: s.name, text: `${name} is rebuilt from secret files by the start-up shell, not stored in the service.` });
    } else {
      out.environment.push([name, value]);
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
  const result = { ...out, secrets: [...new Set(out.secrets)].sort(), interpolated: [...new Set(out.interpolated)].sort() };
  if (!exports.length || !shellArgv) return result;
  return { ...result, ...wrapStart(s, shellArgv, exported), healthTest: healthWithSecrets(s, exports.map(([n]) => n), exported) };
}

/** `entrypoint` or `command` when the container starts through a shell, else undefined. */
function shellStart(s: ServiceModel): { key: 'entrypoint' | 'command'; argv: readonly string[] } | undefined {
  if (s.entrypoint?.length) return isShell(s.entrypoint[0]) ? { key: 'entrypoint', argv: s.entrypoint } : undefined;
  if (s.command?.length && isShell(s.command[0])) return { key: 'command', argv: s.command };
  return undefined;
}

/** Prefixes `sh -c SCRIPT`, or runs the argv through `sh -c 'exports; exec "$@"'`. */
function wrapStart(s: ServiceModel, start: { key: 'entrypoint' | 'command'; argv: readonly string[] }, exported: string) {
  const [shell, flag, script, ...rest] = start.argv;
  const argv =
    flag === '-c' && script !== undefined
      ? [shell!, '-c', `${exported} ${script}`, ...rest]
      : [shell!, '-c', `${exported} exec "${composeEscape('$@')}"`, 'slipway-secrets', ...start.argv];
  return start.key === 'entrypoint' ? { entrypoint: argv, command: s.command } : { entrypoint: s.entrypoint, command: argv };
}

/** A shell health check that reads a moved variable gets the same exports first. */
function healthWithSecrets(s: ServiceModel, moved: readonly string[], exported: string): readonly string[] | undefined {
  const test = s.healthCheck?.test;
  if (!test || test[0] !== 'CMD-SHELL' || !moved.some((n) => new RegExp(`\\$\\$\\{?${n}\\b`).test(test[1] ?? ''))) return undefined;
  return ['CMD-SHELL', `${exported} ${test[1]}`];
}
