import { composeLiteral, composeRequired } from '../formats/compose.js';
import { shInDoubleQuotes } from '../formats/shell.js';
import { renderValue, type ModelValue } from '../model/values.js';

/**
 * Values of `stack.yml`. `docker stack deploy` interpolates like Compose (`$$` is a literal `$`),
 * but reads the first `-` of `${VAR:?message}` as a default separator, so a message such as
 * "run ./init-secrets.sh" would become the value (found on a real engine): the messages here
 * have no `-`.
 */

/** A secret left in the environment: read from `.env` by `docker stack deploy`, required. */
export function stackSecret(variable: string): string {
  return composeRequired(variable, `${variable} is not set: see STACK.md`);
}

/** A model value as `stack.yml` text. */
export function stackValue(value: ModelValue): string {
  return renderValue(value, { text: composeLiteral, secret: stackSecret });
}

/**
 * A shell word, in double quotes, that rebuilds the value inside the container: literal text
 * escaped for `"…"`, and each secret read from its Swarm secret file. Returned as `stack.yml`
 * text, ready to go into `command` or `entrypoint`.
 */
export function shellFromSecretFiles(value: ModelValue, secretFile: (variable: string) => string): string {
  return `"${renderValue(value, { text: (t) => composeLiteral(shInDoubleQuotes(t)), secret: (v) => `$$(cat ${secretFile(v)})` })}"`;
}

const REQUIRED = /\$\{([A-Za-z_][A-Za-z0-9_]*):\?([^}]*)\}/g;

/**
 * Overrides are Compose text written by the user: a `${VAR:?message}` in them whose message has
 * a `-` gets one without, pointing to the runbook.
 */
export function stackSafeOverride<T>(value: T): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      return v.replace(REQUIRED, (whole, name: string, message: string) => (message.includes('-') ? stackSecret(name) : whole));
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}
