import { Tokens, type Reference, type ResolveContext } from '@slipway/core';
import type { ModelValue, ValuePart } from './values.js';

/** The resolve target of the model: references resolve to parts, not to any format's text. */
export const MODEL_TARGET = 'model';

// Private-use characters delimit the parts while a value resolves; literal text never sits
// between them (it is kept in a table), so no user text can forge a part.
const OPEN = '\uE000';
const CLOSE = '\uE001';
const PART = /\uE000([ts]):([^\uE001]*)\uE001/g;

/** What a secret resolves to in the model target (see `Secret`). */
export function secretMarker(variable: string): string {
  return `${OPEN}s:${variable}${CLOSE}`;
}

/**
 * Resolves a construct value (a string carrying references, a reference, a number) into the
 * parts the model stores: literal text, secrets, and the text of other references.
 */
export function resolveValue(value: string | number | boolean | Reference): ModelValue {
  if (typeof value === 'number' || typeof value === 'boolean') return [{ kind: 'text', text: String(value) }];
  const texts: string[] = [];
  const context: ResolveContext = { target: MODEL_TARGET, literal: (text) => (text ? `${OPEN}t:${texts.push(text) - 1}${CLOSE}` : '') };
  const resolved = Tokens.resolveString(value, context);
  const parts: ValuePart[] = [];
  const push = (part: ValuePart) => {
    const last = parts[parts.length - 1];
    if (part.kind !== 'secret' && last?.kind === part.kind) parts[parts.length - 1] = { kind: part.kind, text: last.text + part.text };
    else parts.push(part);
  };
  let at = 0;
  for (const m of resolved.matchAll(PART)) {
    if (m.index! > at) push({ kind: 'reference', text: resolved.slice(at, m.index) });
    push(m[1] === 't' ? { kind: 'text', text: texts[Number(m[2])]! } : { kind: 'secret', variable: m[2]! });
    at = m.index! + m[0].length;
  }
  if (at < resolved.length) push({ kind: 'reference', text: resolved.slice(at) });
  return parts;
}
