/**
 * `text` with its trailing newlines replaced by exactly one. A loop, not `replace(/\n*$/, …)`: the
 * regex tries every position of the text, which costs as much as the rest of writing a large file.
 */
export function endWithOneNewline(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 10) end--;
  return `${text.slice(0, end)}\n`;
}
