import { CORS_RESPONSE_HEADERS } from '../cors.js';
import { ident } from '../_sites.js';
import type { RouteModel } from '../../model/proxy-model.js';

/** `1` for a CORS preflight: OPTIONS with an Origin and an Access-Control-Request-Method. */
const PREFLIGHT = '$cors_preflight';

/**
 * `map`s of the http block for the routes with `cors`: whether the request is a preflight, and
 * per route the allowed origin (empty for any other origin, so `add_header` sends nothing) and
 * the preflight-only values.
 */
export function corsMaps(routes: readonly RouteModel[]): string[] {
  const withCors = routes.filter((r) => r.cors);
  if (!withCors.length) return [];
  const out = [
    '',
    '# CORS: the proxy answers preflights itself and sets Access-Control-* for the allowed origins only.',
    `map "$request_method|$http_origin|$http_access_control_request_method" ${PREFLIGHT} {`,
    '  default 0;',
    '  "~^OPTIONS\\|[^|]+\\|.+$" 1;',
    '}',
  ];
  for (const r of withCors) {
    const c = r.cors!;
    const id = ident(r.name);
    out.push(`map $http_origin $cors_${id}_origin {`, '  default "";', ...c.origins.map((o) => `  "${o}" $http_origin;`), '}');
    const preflightOnly: Array<[string, string]> = [
      ['methods', c.methods.join(', ')],
      ['headers', c.headers.join(', ')],
      ['max_age', String(c.maxAge)],
    ];
    for (const [name, value] of preflightOnly) out.push(`map ${PREFLIGHT} $cors_${id}_${name} {`, '  default "";', `  1 "${value}";`, '}');
    // Only with an allowed origin: the header must not promise credentials to other sites.
    if (c.credentials) out.push(`map $cors_${id}_origin $cors_${id}_credentials {`, '  default "true";', '  "" "";', '}');
  }
  return out;
}

/** Location lines of a route with `cors`: answer preflights, set the headers, hide the service's own. */
export function corsLines(r: RouteModel): string[] {
  const c = r.cors;
  if (!c) return [];
  const id = ident(r.name);
  const out = [
    // `return` runs in the rewrite phase: before auth and rate limits, which browsers' preflights (sent without credentials) must pass.
    `if (${PREFLIGHT}) {`,
    '  return 204;',
    '}',
    ...CORS_RESPONSE_HEADERS.map((h) => `proxy_hide_header ${h};`),
    `add_header Access-Control-Allow-Origin $cors_${id}_origin always;`,
    `add_header Access-Control-Allow-Methods $cors_${id}_methods always;`,
    `add_header Access-Control-Allow-Headers $cors_${id}_headers always;`,
    `add_header Access-Control-Max-Age $cors_${id}_max_age always;`,
    'add_header Vary Origin always;',
  ];
  if (c.credentials) out.push(`add_header Access-Control-Allow-Credentials $cors_${id}_credentials always;`);
  if (c.expose.length) out.push(`add_header Access-Control-Expose-Headers "${c.expose.join(', ')}" always;`);
  return out;
}
