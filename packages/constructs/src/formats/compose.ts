/**
 * Compose YAML. The YAML writer quotes every scalar that needs it; what it cannot know is that
 * Compose interpolates `$` in every string, so literal text escapes it as `$$`.
 */
export function composeLiteral(text: string): string {
  return text.replace(/\$/g, '$$$$');
}

/** Inverse of {@link composeLiteral}: Compose text back to what the container sees. */
export function composeUnescape(text: string): string {
  return text.replace(/\$\$/g, '$');
}
