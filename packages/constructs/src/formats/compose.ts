import { SCRIPT_NAMES } from '../model/script-names.js';
import { renderValue, type ModelValue } from '../model/values.js';

/**
 * Compose YAML. The YAML writer quotes every scalar that needs it; what it cannot know is that
 * Compose interpolates `$` in every string, so literal text escapes it as `$$`.
 */
export function composeLiteral(text: string): string {
  return text.replace(/\$/g, '$$$$');
}

/** Inverse of {@link composeLiteral}: Compose text back to what the container sees. */
export function composeUnescape(text: string): string {
  return text.replace(/\$\$/g, '$');
}

/**
 * Compose reads a variable of `.env`; `:?` stops `docker compose up` with `message` when it is
 * unset or empty.
 */
export function composeRequired(variable: string, message: string): string {
  return `\${${variable}:?${message}}`;
}

/** How Compose reads a secret: from `.env`, required. */
export function composeSecret(variable: string): string {
  return composeRequired(variable, `${variable} is not set: run ./${SCRIPT_NAMES.initSecrets} or see .env.example`);
}

/** A model value as Compose text: literal text escaped, secrets read from `.env`. */
export function composeValue(value: ModelValue): string {
  return renderValue(value, { text: composeLiteral, secret: composeSecret });
}
