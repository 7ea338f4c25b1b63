/** Compose durations: Go's syntax, e.g. `10s`, `1m30s`, `500ms`. */
const DURATION = /^(?:\d+(?:\.\d+)?(?:us|ms|s|m|h))+$/;

/** Why `value` is not a Compose duration, or undefined. */
export function durationProblem(value: unknown): string | undefined {
  if (typeof value === 'string' && DURATION.test(value)) return undefined;
  return `${JSON.stringify(value)} is not a duration`;
}

/** The fix for a bad duration. */
export const DURATION_FIX = 'write a number with a unit: "30s", "1m30s", "500ms" (units us, ms, s, m, h; no spaces).';
