import { composeLiteral } from '../formats/compose.js';
import { shInDoubleQuotes } from '../formats/shell.js';

/**
 * Reading values of the deployment model, which are already escaped for Compose: `$$` is a
 * literal `$` and `${VAR:?…}` reads VAR from the environment (how a Secret resolves).
 */

/** A piece of a Compose value: literal text (unescaped) or a variable read from `.env`. */
export type ValuePart = { readonly text: string } | { readonly variable: string };

const VARIABLE = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(?::?[?-])[^}]*)?\}/;

/** Splits a Compose-escaped value into literal text and `${VAR…}` references. */
export function parseComposeValue(value: string): ValuePart[] {
  const out: ValuePart[] = [];
  let text = '';
  for (let i = 0; i < value.length; ) {
    if (value.startsWith('$$', i)) {
      text += '$';
      i += 2;
      continue;
    }
    const m = value[i] === '$' ? VARIABLE.exec(value.slice(i)) : null;
    if (m) {
      if (text) out.push({ text });
      text = '';
      out.push({ variable: m[1]! });
      i += m[0].length;
      continue;
    }
    text += value[i];
    i += 1;
  }
  if (text) out.push({ text });
  return out;
}

/** Variables a Compose value reads, in order of appearance (deduplicated). */
export function variablesOf(value: string): string[] {
  return [...new Set(parseComposeValue(value).flatMap((p) => ('variable' in p ? [p.variable] : [])))];
}

/** Escapes literal text for Compose (and `docker stack deploy`) interpolation. */
export const composeEscape = composeLiteral;

/**
 * A shell word, in double quotes, that rebuilds the value inside the container: literal text
 * escaped for `"…"`, and each secret read from its Swarm secret file. Returned escaped for
 * Compose, ready to go into `command` or `entrypoint`.
 */
export function shellFromSecretFiles(value: string, secretFile: (variable: string) => string | undefined): string {
  const body = parseComposeValue(value)
    .map((p) => {
      if ('text' in p) return composeEscape(shInDoubleQuotes(p.text));
      const file = secretFile(p.variable);
      // Not a secret: left to `docker stack deploy` interpolation, as in Compose.
      return file ? `$$(cat ${file})` : `\${${p.variable}}`;
    })
    .join('');
  return `"${body}"`;
}

const REQUIRED = /\$\{([A-Za-z_][A-Za-z0-9_]*):\?([^}]*)\}/g;

/**
 * `docker stack deploy` reads the first `-` of `${VAR:?message}` as a default separator, so a
 * message such as "run ./init-secrets.sh" becomes the value (found on a real engine). Messages
 * with a `-` are replaced by one without, pointing to the runbook.
 */
export function stackSafeRequired(value: string): string {
  return value.replace(REQUIRED, (whole, name: string, message: string) =>
    message.includes('-') ? `\${${name}:?${name} is not set: see STACK.md}` : whole);
}

/** {@link stackSafeRequired} on every string of a document (keys are names, never variables). */
export function stackSafeDocument<T>(doc: T): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return stackSafeRequired(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(doc) as T;
}
