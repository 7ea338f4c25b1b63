/** Joins script lines, dropping `undefined` (optional parts) and keeping a final newline. */
export function lines(...parts: Array<string | readonly string[] | undefined | false>): string {
  return parts
    .flatMap((p) => (p === undefined || p === false ? [] : typeof p === 'string' ? [p] : p))
    .join('\n');
}
