import { singleLineProblem } from './text.js';

/**
 * Caddyfile strings. Inside double quotes Caddy reads `\"` as a quote but keeps other
 * backslashes, and still replaces `{placeholders}` and `{$ENV}` — so braces and backslashes
 * have no safe encoding.
 */

/** Why `value` cannot be a Caddyfile quoted token, or undefined when it can. */
export function caddyStringProblem(value: string): string | undefined {
  if (/[{}]/.test(value)) return 'contains "{" or "}", which Caddy reads as a placeholder';
  if (value.includes('\\')) return 'contains a backslash, which a Caddyfile cannot quote';
  return singleLineProblem(value);
}

/** `value` as a Caddyfile double-quoted token. Validation rejects what this cannot encode. */
export function caddyQuoted(value: string): string {
  const problem = caddyStringProblem(value);
  if (problem) throw new Error(`internal: unchecked value reached the Caddyfile: it ${problem}`);
  return `"${value.replace(/"/g, '\\"')}"`;
}
