import type { ValidationProblem } from '@slipway/core';

/**
 * Unknown property names. infra.ts is transpiled, not type-checked, so a typo'd key (`helthCheck`)
 * would otherwise be dropped without a word.
 */
export function unknownKeys(props: unknown, known: Iterable<string>, what: string): ValidationProblem[] {
  if (props === null || typeof props !== 'object') return [];
  const allowed = new Set(known);
  return Object.keys(props)
    .filter((k) => !allowed.has(k))
    .map((k) => {
      const near = closest(k, allowed);
      return {
        message: `${what} has no property "${k}" (it would be ignored).`,
        fix: near ? `did you mean "${near}"?` : `remove it; known properties: ${[...allowed].sort().join(', ')}.`,
      };
    });
}

/** The known name nearest to `name` (case-insensitive edit distance ≤ 2), if any. */
export function closest(name: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    const d = distance(name.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = up;
    }
  }
  return row[b.length]!;
}
