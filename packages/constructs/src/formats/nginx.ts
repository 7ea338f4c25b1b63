import { singleLineProblem } from './text.js';

/**
 * nginx.conf strings. Inside double quotes nginx reads `;`, `{` and `}` literally and `\"` as a
 * quote, but expands every `$name` as a variable (there is no escape for `$`).
 */

/** Why `value` cannot be an nginx quoted string, or undefined when it can. */
export function nginxStringProblem(value: string): string | undefined {
  if (value.includes('$')) return 'contains "$", which nginx expands as a variable';
  // nginx reads one parameter into a 4096-byte buffer, quotes and escapes included.
  if (Buffer.byteLength(value) > 2048) return `is longer than 2048 bytes, more than nginx takes in one parameter`;
  return singleLineProblem(value);
}

/** `value` as an nginx double-quoted string. Validation rejects what this cannot encode. */
export function nginxQuoted(value: string): string {
  const problem = nginxStringProblem(value);
  if (problem) throw new Error(`internal: unchecked value reached nginx.conf: it ${problem}`);
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
