/**
 * Characters no generated file can carry inside one value: C0/C1 controls (NUL, newline, tab…),
 * DEL and the Unicode line and paragraph separators, which some readers also end a line at.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Longest user string accepted in a single-line value; real values are far shorter. */
export const MAX_VALUE_LENGTH = 4096;

/** Why `value` cannot sit on one line of a generated file, or undefined when it can. */
export function singleLineProblem(value: string): string | undefined {
  const bad = UNSAFE.exec(value);
  if (bad) return `contains the control character U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} (a line break, tab or NUL)`;
  if (value.length > MAX_VALUE_LENGTH) return `is ${value.length} characters long (at most ${MAX_VALUE_LENGTH})`;
  return undefined;
}

/** Shows a user value in a message: quoted, control characters made visible, long ones cut. */
export function shown(value: unknown): string {
  const path = (value as { node?: { path?: unknown } } | null)?.node?.path;
  if (typeof path === 'string') return `the construct ${path}`;
  let visible: string;
  try {
    visible = JSON.stringify(value) ?? String(value);
  } catch {
    visible = String(value); // circular structures
  }
  return visible.length > 80 ? `${visible.slice(0, 77)}…` : visible;
}
