import { CONTAINER_PATHS } from '../_paths.js';
import { CORS_RESPONSE_HEADERS } from '../cors.js';
import { HASHED_ASSET_REGEX, hstsValue, IMMUTABLE_CACHE } from '../_route-values.js';
import { ident, sitesOf, type Site } from '../_sites.js';
import type { ProxyModel, RouteModel } from '../../model/proxy-model.js';
import { MOZILLA_INTERMEDIATE } from '../tls-profile.js';
import { caddyQuoted } from '../../formats/caddyfile.js';
import { servedHostNames } from '../../model/local-hosts.js';
import { CADDY_MAINTENANCE_FILE, caddyUpstream } from '../_live.js';

export const LETS_ENCRYPT_STAGING = 'https://acme-staging-v02.api.letsencrypt.org/directory';

type Lines = string[];
const block = (head: string, body: Lines): Lines => [`${head} {`, ...body.map((l) => (l ? `\t${l}` : l)), '}'];

/**
 * Renders the Caddyfile (Caddy 2.6 and later): automatic HTTPS (HTTP answers the ACME challenge
 * and redirects with 308), the same headers, auth, limits and SPA fallback as the other proxies.
 * Stock Caddy has no rate limiting: routes that ask for it get a comment (and a warning at synth).
 */
export function renderCaddyfile(routes: readonly RouteModel[], proxy: ProxyModel): string {
  const global: Lines = [];
  if (proxy.tls && proxy.acme) global.push(`email ${proxy.acme.email}`);
  const ca = proxy.acme?.server ?? (proxy.acme?.staging ? LETS_ENCRYPT_STAGING : undefined);
  if (proxy.tls && ca) global.push(`acme_ca ${ca}`);
  if (!proxy.tls) global.push('auto_https off');
  const out: Lines = [...block('', global).map((l, i) => (i === 0 ? '{' : l))];
  if (proxy.tls) {
    out.push(
      '',
      `# Mozilla intermediate profile (guideline ${MOZILLA_INTERMEDIATE.guideline}).`,
      ...block('(mozilla_intermediate)', block('tls', [
        'protocols tls1.2 tls1.3',
        `ciphers ${MOZILLA_INTERMEDIATE.ciphersIana.join(' ')}`,
        'curves x25519 secp256r1 secp384r1',
      ])),
    );
  }
  for (const site of sitesOf(routes)) {
    out.push('', ...siteBlock(site, proxy));
    for (const r of site.redirects) {
      const from = proxy.tls ? r.from : servedHostNames([r.from], true).map((h) => `http://${h}`).join(', ');
      const to = proxy.tls ? `https://${r.to}{uri}` : `http://${r.to}{uri}`;
      out.push('', ...block(from, [...(proxy.tls ? ['import mozilla_intermediate'] : []), `redir ${to} 308`]));
    }
  }
  return out.join('\n') + '\n';
}

function siteBlock(site: Site, proxy: ProxyModel): Lines {
  const address = proxy.tls ? site.hosts.join(', ') : servedHostNames(site.hosts, true).map((h) => `http://${h}`).join(', ');
  // deploy.sh maintenance on|off writes or removes the 503 switch (a glob matching nothing is allowed).
  const body: Lines = [...(proxy.tls ? ['import mozilla_intermediate'] : []), `import ${CADDY_MAINTENANCE_FILE}*`];
  for (const r of site.routes) body.push('', ...routeBlock(r));
  return block(address, body);
}

function routeBlock(r: RouteModel): Lines {
  const id = ident(r.name);
  const body: Lines = [];
  if (r.rateLimit) {
    body.push(`# rate limit ${r.rateLimit.rps} r/s (burst ${r.rateLimit.burst}) needs the caddy-ratelimit plugin: not applied (warning caddy-rate-limit).`);
  }
  const headers: Lines = [];
  if (r.headers.hsts) headers.push(`Strict-Transport-Security "${hstsValue(r.headers.hsts)}"`);
  for (const [k, v] of r.headers.set) headers.push(`${k} ${caddyQuoted(v)}`);
  for (const h of r.headers.remove) headers.push(`-${h}`);
  headers.push('defer');
  body.push(...block('header', headers));
  if (r.allowIps.length) body.push(`@${id}_denied not remote_ip ${r.allowIps.join(' ')}`, `respond @${id}_denied 403`);
  body.push(...corsBlock(r));
  body.push(...block('request_body', [`max_size ${r.maxBodyMb}MB`]));
  // Browsers send preflights without credentials: basic auth must let them through to the 204.
  const authMatcher = r.basicAuth && r.cors ? ` @${id}_not_preflight` : '';
  if (r.basicAuth) body.push(...block(`basicauth${authMatcher} bcrypt ${caddyQuoted(r.basicAuth.realm)}`, [`import ${CONTAINER_PATHS.authDir}/${r.name}.caddy`]));
  if (r.gzip) body.push('encode gzip');
  if (r.cacheHashedAssets) body.push(`@${id}_hashed path_regexp ${HASHED_ASSET_REGEX}`, `header @${id}_hashed Cache-Control "${IMMUTABLE_CACHE}"`);
  // The host is the service name unless deploy.sh pinned a container (see _live.ts).
  const upstream = caddyUpstream(r.service, r.port);
  const transport = block('transport http', [
    `dial_timeout ${r.timeouts.connect}s`,
    `read_timeout ${r.timeouts.read}s`,
    `write_timeout ${r.timeouts.send}s`,
  ]);
  const proxyBody: Lines = [...transport];
  // The proxy owns CORS: the service's own Access-Control-* headers are dropped.
  if (r.cors) proxyBody.push(...CORS_RESPONSE_HEADERS.map((h) => `header_down -${h}`));
  if (r.spa) {
    proxyBody.push('@notfound status 404', ...block('handle_response @notfound', ['rewrite * /index.html', `reverse_proxy ${upstream}`]));
  }
  body.push(...block(`reverse_proxy ${upstream}`, proxyBody));
  if (r.pathPrefix === '/') return block('handle', body);
  if (r.stripPrefix) body.unshift(`uri strip_prefix ${r.pathPrefix}`);
  return [`@${id} path ${r.pathPrefix} ${r.pathPrefix}/*`, ...block(`handle @${id}`, body)];
}

/** CORS of a route: the allowed origin echoed back, preflights answered with 204 before auth. */
function corsBlock(r: RouteModel): Lines {
  const c = r.cors;
  if (!c) return [];
  const id = ident(r.name);
  const preflight = ['method OPTIONS', 'header Origin *', 'header Access-Control-Request-Method *'];
  const allowed = ['Access-Control-Allow-Origin {http.request.header.Origin}'];
  if (c.credentials) allowed.push('Access-Control-Allow-Credentials true');
  if (c.expose.length) allowed.push(`Access-Control-Expose-Headers "${c.expose.join(', ')}"`);
  return [
    // Several values of one header field match when any of them does.
    ...block(`@${id}_cors_origin`, c.origins.map((o) => `header Origin ${o}`)),
    ...block(`header @${id}_cors_origin`, allowed),
    'header Vary Origin',
    ...block(`@${id}_preflight`, preflight),
    ...(r.basicAuth ? block(`@${id}_not_preflight`, block('not', preflight)) : []),
    ...block(`header @${id}_preflight`, [
      `Access-Control-Allow-Methods "${c.methods.join(', ')}"`,
      `Access-Control-Allow-Headers "${c.headers.join(', ')}"`,
      `Access-Control-Max-Age ${c.maxAge}`,
    ]),
    `respond @${id}_preflight 204`,
  ];
}
