/** Joins script lines, dropping `undefined` (optional parts) and keeping a final newline. */
export function lines(...parts: Array<string | readonly string[] | undefined | false>): string {
  return parts
    .flatMap((p) => (p === undefined || p === false ? [] : typeof p === 'string' ? [p] : p))
    .join('\n');
}

/**
 * A shell function `name VAR` that prints VAR's value from `.env` the way Compose reads it: the
 * last assignment wins and one pair of surrounding quotes is removed. Prints nothing without `.env`.
 */
export function envValueFunction(name: string): string[] {
  return [
    '# The value of a variable in .env (last assignment wins, like Compose), surrounding quotes removed.',
    `${name}() {`,
    '  [ -f .env ] || return 0',
    `  NAME="$1" awk 'index($0, ENVIRON["NAME"] "=") == 1 { v = substr($0, length(ENVIRON["NAME"]) + 2) }`,
    `    END { f = substr(v, 1, 1); if (length(v) >= 2 && (f == "\\"" || f == sprintf("%c", 39)) && substr(v, length(v)) == f) v = substr(v, 2, length(v) - 2); print v }' .env`,
    '}',
  ];
}
