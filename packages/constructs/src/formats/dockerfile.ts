import { singleLineProblem } from './text.js';

/**
 * Dockerfile values (ENV, LABEL, ARG defaults). An instruction ends at the first line break (a
 * newline in a value would start a new instruction such as `USER root`), so values are single
 * line; inside double quotes `\` and `"` are escaped and `$` is kept, since ENV values expand
 * earlier variables on purpose.
 */

/** Why `value` cannot be a Dockerfile value, or undefined when it can. */
export function dockerfileValueProblem(value: string): string | undefined {
  return singleLineProblem(value);
}

/** `value` bare when it is a safe word (unless `always`), else double-quoted. */
export function dockerfileValue(value: string, always = false): string {
  const problem = dockerfileValueProblem(value);
  if (problem) throw new Error(`internal: unchecked value reached a Dockerfile: it ${problem}`);
  if (!always && /^[A-Za-z0-9_./:,@%+=-]+$/.test(value)) return value;
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
