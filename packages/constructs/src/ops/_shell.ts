/** Quotes a string for POSIX shells: safe words stay bare, the rest goes in single quotes. */
export function sh(value: string): string {
  if (/^[A-Za-z0-9_./:@%+=,-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A bash array literal of quoted words: `(a 'b c')`. */
export function shArray(values: readonly string[]): string {
  return `(${values.map(sh).join(' ')})`;
}

/** Joins script lines, dropping `undefined` (optional parts) and keeping a final newline. */
export function lines(...parts: Array<string | readonly string[] | undefined | false>): string {
  return parts
    .flatMap((p) => (p === undefined || p === false ? [] : typeof p === 'string' ? [p] : p))
    .join('\n');
}
