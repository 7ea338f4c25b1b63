import { caddyStringProblem } from '../formats/caddyfile.js';
import { nginxStringProblem } from '../formats/nginx.js';

/**
 * Header values with a known grammar are checked against it, so nothing but a policy can reach
 * a proxy configuration; free-form values (CSP, extra headers) must be quotable by every proxy.
 */

export const REFERRER_POLICIES = [
  'no-referrer',
  'no-referrer-when-downgrade',
  'origin',
  'origin-when-cross-origin',
  'same-origin',
  'strict-origin',
  'strict-origin-when-cross-origin',
  'unsafe-url',
] as const;

/** Why `value` is not a Referrer-Policy (one token, or a fallback list), or undefined. */
export function referrerPolicyProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'is not a string';
  const tokens = value.split(',').map((t) => t.trim());
  const bad = tokens.find((t) => !(REFERRER_POLICIES as readonly string[]).includes(t));
  return bad === undefined ? undefined : `has ${JSON.stringify(bad)}, which is not a referrer policy`;
}

const ORIGIN = '"https?://[a-z0-9.-]+(?::\\d{1,5})?"';
const MEMBER = `(?:\\*|self|src|${ORIGIN})`;
const ALLOWLIST = `(?:${MEMBER}|\\((?:\\s*${MEMBER})*\\s*\\))`;
const DIRECTIVE = `[a-z][a-z0-9-]*=${ALLOWLIST}`;
const PERMISSIONS_POLICY = new RegExp(`^\\s*${DIRECTIVE}(?:\\s*,\\s*${DIRECTIVE})*\\s*$`);

/** Why `value` is not a Permissions-Policy (`camera=(), geolocation=(self "https://a.example")`), or undefined. */
export function permissionsPolicyProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'is not a string';
  return PERMISSIONS_POLICY.test(value) ? undefined : 'is not a list of feature=(allowlist) directives';
}

/** Why a free-form header value cannot be written by every proxy, or undefined. */
export function headerValueProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'is not a string';
  return nginxStringProblem(value) ?? caddyStringProblem(value);
}
