import type { ValidationProblem } from '@slipway/core';
import { HEADER_NAME } from './_host-names.js';

/**
 * Cross-origin requests from browsers (CORS), answered by the proxy for one Domain. The proxy is
 * then the only place that decides: the same headers come back whatever the service sends, and
 * preflights (`OPTIONS` with `Access-Control-Request-Method`) never reach the service.
 */
export interface CorsOptions {
  /**
   * Origins allowed to call the route from a browser, exactly as browsers send them: scheme, host
   * and an optional port, no path (`https://app.example.com`, `http://localhost:3000`). There is
   * no `*`: list the sites that use the API.
   */
  readonly allowOrigins: readonly string[];
  /**
   * Methods allowed in preflights.
   * @default `GET, POST, PUT, PATCH, DELETE`
   */
  readonly allowMethods?: readonly string[];
  /**
   * Request headers a page may send.
   * @default `Authorization, Content-Type`
   */
  readonly allowHeaders?: readonly string[];
  /**
   * Response headers a page may read (beyond the CORS-safelisted ones).
   * @default none
   */
  readonly exposeHeaders?: readonly string[];
  /**
   * Let pages send cookies and `Authorization` (`Access-Control-Allow-Credentials: true`).
   * @default false
   */
  readonly allowCredentials?: boolean;
  /**
   * Seconds a browser may cache a preflight answer.
   * @default 600 (Chromium caps it at 7200, Firefox at 86400)
   */
  readonly maxAge?: number;
}

/** CORS of one route, as every proxy renderer reads it. */
export interface CorsModel {
  /** Allowed origins, in the order given. */
  readonly origins: readonly string[];
  readonly methods: readonly string[];
  readonly headers: readonly string[];
  readonly expose: readonly string[];
  readonly credentials: boolean;
  readonly maxAge: number;
}

export const DEFAULT_CORS_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export const DEFAULT_CORS_HEADERS = ['Authorization', 'Content-Type'] as const;
export const DEFAULT_CORS_MAX_AGE = 600;

/** CORS response headers a proxy owns when `cors` is set; the service's own copies are dropped. */
export const CORS_RESPONSE_HEADERS = [
  'Access-Control-Allow-Credentials',
  'Access-Control-Allow-Headers',
  'Access-Control-Allow-Methods',
  'Access-Control-Allow-Origin',
  'Access-Control-Expose-Headers',
  'Access-Control-Max-Age',
] as const;

/** `https://app.example.com` or `http://localhost:3000`: what a browser sends in `Origin`. */
const ORIGIN = /^https?:\/\/[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?$/;
const METHOD = /^[A-Z]+$/;

/** The route's CORS model, or undefined when the Domain has no `cors`. */
export function corsModel(o: CorsOptions | undefined): CorsModel | undefined {
  if (!o) return undefined;
  return {
    origins: [...o.allowOrigins],
    methods: [...(o.allowMethods ?? DEFAULT_CORS_METHODS)],
    headers: [...(o.allowHeaders ?? DEFAULT_CORS_HEADERS)],
    expose: [...(o.exposeHeaders ?? [])],
    credentials: o.allowCredentials ?? false,
    maxAge: o.maxAge ?? DEFAULT_CORS_MAX_AGE,
  };
}

/** Problems of a Domain's `cors` option, all at once. */
export function checkCors(o: CorsOptions | undefined): ValidationProblem[] {
  if (!o) return [];
  const out: ValidationProblem[] = [];
  const err = (message: string, fix: string) => out.push({ message, fix });
  for (const key of ['allowOrigins', 'allowMethods', 'allowHeaders', 'exposeHeaders'] as const) {
    if (o[key] !== undefined && !Array.isArray(o[key])) {
      err(`cors ${key} must be a list, got ${JSON.stringify(o[key])}.`, `write ${key}: [ … ], e.g. allowOrigins: ['https://app.example.com'].`);
      return out;
    }
  }
  if (!o.allowOrigins?.length) err('cors has no allowOrigins.', `list the sites that call this route, e.g. allowOrigins: ['https://app.example.com'].`);
  for (const origin of o.allowOrigins ?? []) {
    if (origin === '*') {
      err('cors allowOrigins "*" would let any site call this route from a browser.', 'list the origins that use it (a public API without cookies can leave out cors entirely).');
    } else if (!ORIGIN.test(origin)) {
      err(`cors origin "${origin}" is not an origin as browsers send it.`, 'use scheme://host[:port] in lowercase, without path or trailing slash, e.g. "https://app.example.com".');
    }
  }
  for (const m of o.allowMethods ?? []) {
    if (!METHOD.test(m)) err(`cors method "${m}" is not an HTTP method name.`, 'use uppercase names such as "GET" or "POST".');
  }
  for (const h of [...(o.allowHeaders ?? []), ...(o.exposeHeaders ?? [])]) {
    if (!HEADER_NAME.test(h)) err(`cors header "${h}" is not a valid header name.`, 'use letters, digits and "-", e.g. "X-API-Key".');
  }
  if (o.maxAge !== undefined && (!Number.isInteger(o.maxAge) || o.maxAge < 0 || o.maxAge > 86_400)) {
    err(`cors maxAge ${o.maxAge} is not a whole number of seconds from 0 to 86400.`, 'set maxAge: 600 (Chromium uses at most 7200 anyway).');
  }
  return out;
}
