/**
 * POSIX shell words. Safe words stay bare; anything else goes in single quotes, where only `'`
 * itself needs care. Newlines, `$`, backticks and `;` are inert inside single quotes; NUL cannot
 * be passed to a program at all, so it is refused.
 */
export function sh(value: string): string {
  if (value.includes('\u0000')) throw new Error('internal: a NUL character cannot be passed to a shell');
  if (/^[A-Za-z0-9_./:@%+=,-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Text for the inside of a double-quoted shell word: `"`, `\`, `$` and backticks escaped. */
export function shInDoubleQuotes(text: string): string {
  return text.replace(/(["\\$`])/g, '\\$1');
}

/** Always single-quoted, for values that read better quoted (`email='ops@example.com'`). */
export function shQuoted(value: string): string {
  if (value.includes('\u0000')) throw new Error('internal: a NUL character cannot be passed to a shell');
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A bash array literal of quoted words: `(a 'b c')`. */
export function shArray(values: readonly string[]): string {
  return `(${values.map(sh).join(' ')})`;
}

/** A command line for `sh -c`: each argument quoted as one word. */
export function shCommand(argv: readonly string[]): string {
  return argv.map(sh).join(' ');
}
