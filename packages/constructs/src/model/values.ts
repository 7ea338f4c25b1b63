/**
 * Values of the deployment model (environment, command, entrypoint, build arguments, health-check
 * arguments, labels) as structured parts, escaped for no format: each renderer escapes literal
 * text with its format's function (`formats/`) and says how it reads a secret.
 */

/** Literal text: exactly what the container sees. */
export interface TextPart {
  readonly kind: 'text';
  readonly text: string;
}

/** A secret, read from the variable of `.env` that holds it (Compose) or its secret file (Swarm). */
export interface SecretPart {
  readonly kind: 'secret';
  readonly variable: string;
}

/**
 * The text a reference other than a secret resolved to (a reference written outside Slipway),
 * passed on verbatim by every renderer: it is never escaped again.
 */
export interface ReferencePart {
  readonly kind: 'reference';
  readonly text: string;
}

export type ValuePart = TextPart | SecretPart | ReferencePart;

/** A value of the model: its parts in order (adjacent literal texts merged). */
export type ModelValue = readonly ValuePart[];

/** A value made of literal text only. */
export function textValue(text: string): ModelValue {
  return text ? [{ kind: 'text', text }] : [];
}

/** The text of a value made of literal text only, else undefined (it carries a secret or a reference). */
export function literalOf(value: ModelValue): string | undefined {
  if (value.some((p) => p.kind !== 'text')) return undefined;
  return value.map((p) => (p as TextPart).text).join('');
}

/** Variables of the secrets a value carries, in order of appearance, deduplicated. */
export function secretsOf(value: ModelValue): string[] {
  return [...new Set(value.flatMap((p) => (p.kind === 'secret' ? [p.variable] : [])))];
}

/** The single secret a value consists of (`env: { KEY: secret }`), else undefined. */
export function wholeSecretOf(value: ModelValue): string | undefined {
  const [only, ...rest] = value;
  return only?.kind === 'secret' && !rest.length ? only.variable : undefined;
}

/**
 * Renders a value for one format: `text` escapes literal text, `secret` says how the format reads
 * a secret; the text of other references is kept as is.
 */
export function renderValue(value: ModelValue, format: { text: (text: string) => string; secret: (variable: string) => string }): string {
  return value.map((p) => (p.kind === 'text' ? format.text(p.text) : p.kind === 'secret' ? format.secret(p.variable) : p.text)).join('');
}
