import { Reference, Tokens, type ValidationProblem } from '@slipway/core';
import { shown } from '../formats/text.js';
import { PlainValue } from '../plain-value.js';
import { Secret } from '../secret.js';
import type { EnvValue } from '../service.js';

/** Text a template string produces from a missing value: `Bearer ${token}` with token undefined. */
// (`null` and `NaN` are left alone: `/dev/null` and JSON values are legitimate.)
const MISSING_VALUE = /(^|[^A-Za-z0-9_])(undefined|\[object Object\])($|[^A-Za-z0-9_])/;
/** `scheme://user:password@host`: a credential typed into a URL. */
const URL_CREDENTIALS = /^[a-z][a-z0-9+.-]*:\/\/[^/:@\s]*:([^@\s/]+)@/i;

type Problems = ValidationProblem[];
const err = (out: Problems, message: string, fix: string) => out.push({ message, fix });

/** Problems of one environment value: missing values, literal credentials in URLs, bad types. */
export function envValueProblems(name: string, value: EnvValue | undefined | null): Problems {
  const out: Problems = [];
  if (value === undefined || value === null) {
    err(out, `environment variable "${name}" is ${value} (a variable that was never set?).`, `give it a value, or leave "${name}" out of env.`);
    return out;
  }
  if (Secret.isSecret(value) || value instanceof Reference || value instanceof PlainValue) {
    if (value instanceof PlainValue && typeof value.value !== 'string') err(out, `plain() for "${name}" got ${shown(value.value)}, not a string.`, `write plain('…') with text.`);
    return out;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    if (typeof value === 'number' && !Number.isFinite(value)) err(out, `environment variable "${name}" is ${value}.`, 'compute a finite number, or pass text.');
    return out;
  }
  if (typeof value !== 'string') {
    err(out, `environment variable "${name}" is ${shown(value)}, not text, a number, a boolean or a Secret.`, `pass a string (JSON.stringify(…) for structured data) or a Secret.`);
    return out;
  }
  const literal = Tokens.isUnresolved(value) ? value.replace(/\u0000ref:\d+\u0000/g, '') : value;
  if (MISSING_VALUE.test(literal)) {
    err(out, `"${name}" contains the text "${MISSING_VALUE.exec(literal)![2]}", the mark of a missing value in a template string.`, 'check the variable inside `${…}`: it was not set when infra.ts ran.');
  }
  const credential = URL_CREDENTIALS.exec(value);
  if (credential && !Tokens.isUnresolved(credential[1]!)) {
    err(out, `"${name}" holds a URL with a literal password, which would be written into docker-compose.yml.`, 'put the password in a Secret and build the URL from it: `postgres://app:${password}@db:5432/app` (or use db.url).');
  }
  if (literal.includes('\u0000')) err(out, `environment variable "${name}" contains a NUL character.`, 'remove it: no program can receive it.');
  return out;
}
