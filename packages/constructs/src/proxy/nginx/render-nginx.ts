import { certbotCertificate, CONTAINER_PATHS } from '../_paths.js';
import { corsMaps, corsLines } from './_cors.js';
import { COMPRESSIBLE_TYPES, HASHED_ASSET_REGEX, hstsValue, IMMUTABLE_CACHE } from '../_route-values.js';
import { ident, sitesOf, type Site } from '../_sites.js';
import type { ProxyModel, RouteModel } from '../../model/proxy-model.js';
import { MOZILLA_INTERMEDIATE } from '../tls-profile.js';
import { atLeast } from './_version.js';
import { nginxQuoted } from '../../formats/nginx.js';
import { servedHostNames } from '../../model/local-hosts.js';
import { NGINX_MAINTENANCE_FILE, nginxLiveFile, nginxLiveVariable, optionalInclude } from '../_live.js';

/** Docker's embedded DNS server, reachable from every container on a user-defined network. */
export const DOCKER_DNS = '127.0.0.11';
/** Path answered 200 on 127.0.0.1 only, for the container health check. */
export const NGINX_HEALTH_PATH = '/slipway-health';

/** A block's body, indented once when the file is joined: re-indenting it at every nesting level copied each line once per level. */
class Nested {
  constructor(readonly lines: Lines) {}
}
type Lines = Array<string | Nested>;
const block = (head: string, body: Lines): Lines => [`${head} {`, new Nested(body), '}'];

/** The lines, nested blocks indented by two spaces per level (empty lines stay empty), one newline after each. */
function joinLines(lines: Lines): string {
  const out: string[] = [];
  const pads = [''];
  const walk = (list: Lines, depth: number): void => {
    const pad = (pads[depth] ??= '  '.repeat(depth));
    for (const l of list) {
      if (l instanceof Nested) walk(l.lines, depth + 1);
      else out.push(l && pad + l);
    }
  };
  walk(lines, 0);
  out.push('');
  return out.join('\n');
}

/**
 * Renders `nginx.conf` for the routes. Pure. The syntax targets `proxy.nginxVersion` (default
 * 1.22, which every later nginx accepts).
 */
export function renderNginxConf(routes: readonly RouteModel[], proxy: ProxyModel): string {
  const sites = sitesOf(routes);
  const modern = atLeast(proxy.nginxVersion, '1.27.3');
  const http: Lines = [
    'include /etc/nginx/mime.types;',
    'default_type application/octet-stream;',
    'server_tokens off;',
    'sendfile on;',
    'tcp_nopush on;',
    'keepalive_timeout 65s;',
    'access_log /var/log/nginx/access.log;',
    '',
    '# Service names resolve through Docker\'s DNS at request time, so nginx starts (and answers 502)',
    '# even when a service is down.',
    `resolver ${DOCKER_DNS} valid=10s ipv6=off;`,
    'resolver_timeout 5s;',
    '',
    ...block('map $http_upgrade $connection_upgrade', ["default upgrade;", "'' '';"]),
    '',
    'gzip_vary on;',
    'gzip_proxied any;',
    'gzip_comp_level 5;',
    'gzip_min_length 256;',
    `gzip_types ${COMPRESSIBLE_TYPES.join(' ')};`,
    '',
    'limit_req_status 429;',
    ...routes.filter((r) => r.rateLimit).map((r) => `limit_req_zone $binary_remote_addr zone=${ident(r.name)}:10m rate=${r.rateLimit!.rps}r/s;`),
    ...corsMaps(routes),
  ];
  if (proxy.tls) {
    http.push(
      '',
      `# Mozilla intermediate profile (guideline ${MOZILLA_INTERMEDIATE.guideline}): TLS 1.2 and 1.3, ECDHE + AEAD ciphers, no DH parameters.`,
      `ssl_protocols ${MOZILLA_INTERMEDIATE.protocols.join(' ')};`,
      `ssl_ciphers ${MOZILLA_INTERMEDIATE.ciphersOpenssl.join(':')};`,
      `ssl_ecdh_curve ${MOZILLA_INTERMEDIATE.curves.join(':')};`,
      'ssl_prefer_server_ciphers off;',
      'ssl_session_cache shared:SSL:10m;',
      `ssl_session_timeout ${MOZILLA_INTERMEDIATE.sessionTimeout};`,
      'ssl_session_tickets off;',
    );
  }
  if (modern) {
    for (const r of routes) {
      http.push('', ...block(`upstream ${ident(r.name)}`, [`zone ${ident(r.name)} 64k;`, `server ${r.service}:${r.port} resolve;`, 'keepalive 16;']));
    }
  }
  http.push('', ...defaultServers(proxy));
  for (const site of sites) {
    if (proxy.tls) http.push('', ...acmeServer(site));
    http.push('', ...siteServer(site, proxy, modern));
    for (const r of site.redirects) http.push('', ...redirectServer(r, site, proxy));
  }
  const head = [
    `# nginx ${proxy.nginxVersion} or later. ${proxy.tls ? 'HTTPS with Let\'s Encrypt certificates (see init-ssl.sh).' : 'Local mode: plain HTTP.'}`,
    'worker_processes auto;',
    'error_log /var/log/nginx/error.log warn;',
    '',
    ...block('events', ['worker_connections 1024;']),
    '',
  ];
  return joinLines([...head, ...block('http', http)]);
}

function listenTls(proxy: ProxyModel, extra = ''): Lines {
  return atLeast(proxy.nginxVersion, '1.25.1') ? [`listen 443 ssl${extra};`, 'http2 on;'] : [`listen 443 ssl http2${extra};`];
}

/** Unknown hosts get nothing: 444 on port 80, a refused handshake on 443. */
function defaultServers(proxy: ProxyModel): Lines {
  const out = block('server', [
    'listen 80 default_server;',
    'server_name _;',
    // `return` runs in the rewrite phase, before allow/deny would: the peer is tested there instead.
    ...block(`location = ${NGINX_HEALTH_PATH}`, ['access_log off;', ...block('if ($remote_addr != 127.0.0.1)', ['return 444;']), 'default_type text/plain;', 'return 200 "ok\\n";']),
    ...block('location /', ['return 444;']),
  ]);
  if (!proxy.tls) return out;
  return [...out, '', ...block('server', [...listenTls(proxy, ' default_server'), 'server_name _;', 'ssl_reject_handshake on;'])];
}

/** Port 80 of a site: ACME HTTP-01 challenges, everything else redirected to HTTPS with 308. */
function acmeServer(site: Site): Lines {
  return block('server', [
    'listen 80;',
    `server_name ${site.certHosts.join(' ')};`,
    ...block('location ^~ /.well-known/acme-challenge/', [`root ${CONTAINER_PATHS.webroot};`, 'default_type text/plain;']),
    ...block('location /', ['return 308 https://$host$request_uri;']),
  ]);
}

function certificateLines(site: Site): Lines {
  const cert = certbotCertificate(site.certName);
  return [`ssl_certificate ${cert.fullchain};`, `ssl_certificate_key ${cert.privkey};`];
}

function siteServer(site: Site, proxy: ProxyModel, modern: boolean): Lines {
  const names = servedHostNames(site.hosts, !proxy.tls);
  const head = proxy.tls ? [...listenTls(proxy), `server_name ${names.join(' ')};`, ...certificateLines(site)] : ['listen 80;', `server_name ${names.join(' ')};`];
  // deploy.sh maintenance on|off writes or removes the 503 switch.
  const maintenance = `include ${optionalInclude(NGINX_MAINTENANCE_FILE)};`;
  return block('server', [...head, maintenance, ...site.routes.flatMap((r) => ['', ...routeLocations(r, modern)])]);
}

function redirectServer(r: { from: string; to: string }, site: Site, proxy: ProxyModel): Lines {
  if (!proxy.tls) return block('server', ['listen 80;', `server_name ${servedHostNames([r.from], true).join(' ')};`, `return 308 http://${r.to}$request_uri;`]);
  const owner = site.routes.find((x) => x.redirects.some((d) => d.from === r.from)) ?? site.routes[0];
  const hsts = owner?.headers.hsts;
  return block('server', [
    ...listenTls(proxy),
    `server_name ${r.from};`,
    ...certificateLines(site),
    ...(hsts ? [`add_header Strict-Transport-Security "${hstsValue(hsts)}" always;`] : []),
    `return 308 https://${r.to}$request_uri;`,
  ]);
}

/** The route's location (plus a nested one for hashed assets, and a named one for the SPA fallback). */
function routeLocations(r: RouteModel, modern: boolean): Lines {
  const prefix = r.pathPrefix === '/' ? '/' : `${r.pathPrefix}/`;
  const nested = r.cacheHashedAssets ? ['', ...block(`location ~ "${HASHED_ASSET_REGEX}"`, proxyBody(r, modern, [`add_header Cache-Control "${IMMUTABLE_CACHE}" always;`]))] : [];
  const spa = r.spa ? ['proxy_intercept_errors on;', `error_page 404 = @${ident(r.name)}_spa;`] : [];
  const out: Lines = [];
  // `/api` itself (no trailing slash) goes to the same place as `/api/…`.
  if (prefix !== '/') out.push(...block(`location = ${r.pathPrefix}`, proxyBody(r, modern, [])), '');
  out.push(...block(`location ${prefix}`, [...proxyBody(r, modern, spa), ...nested]));
  if (r.spa) {
    out.push('', ...block(`location @${ident(r.name)}_spa`, proxyBody(r, modern, [], '/index.html')));
  }
  return out;
}

/** Access rules, limits, headers and the proxy_pass of a route. `uri` replaces the request path. */
function proxyBody(r: RouteModel, modern: boolean, extra: Lines, uri?: string): Lines {
  const v = `$upstream_${ident(r.name)}`;
  const out: Lines = [];
  if (r.allowIps.length) out.push(...r.allowIps.map((ip) => `allow ${ip};`), 'deny all;');
  if (r.rateLimit) out.push(`limit_req zone=${ident(r.name)} burst=${r.rateLimit.burst} nodelay;`);
  if (r.basicAuth) out.push(`auth_basic ${nginxQuoted(r.basicAuth.realm)};`, `auth_basic_user_file ${CONTAINER_PATHS.authDir}/${r.name}.htpasswd;`);
  out.push(`client_max_body_size ${r.maxBodyMb}m;`, `gzip ${r.gzip ? 'on' : 'off'};`);
  // add_header in a location replaces every inherited one, so each location sets them all.
  if (r.headers.hsts) out.push(`add_header Strict-Transport-Security "${hstsValue(r.headers.hsts)}" always;`);
  for (const [k, val] of r.headers.set) out.push(`add_header ${k} ${nginxQuoted(val)} always;`);
  for (const h of r.headers.remove) if (h !== 'Server') out.push(`proxy_hide_header ${h};`);
  out.push(...corsLines(r));
  out.push(...extra);
  // `set` first: `rewrite … break` stops every later rewrite-module directive, `set` included.
  // The host is the service name unless deploy.sh pinned a container (see _live.ts).
  if (!modern) {
    const live = nginxLiveVariable(r.service);
    out.push(`set ${live} ${r.service};`, `include ${optionalInclude(nginxLiveFile(r.service))};`, `set ${v} ${live}:${r.port};`);
  }
  if (uri) out.push(`rewrite ^ ${uri} break;`);
  else if (r.stripPrefix) out.push(`rewrite ^${r.pathPrefix}/?(.*)$ /$1 break;`);
  out.push(`proxy_pass http://${modern ? ident(r.name) : v};`);
  out.push(
    'proxy_http_version 1.1;',
    'proxy_set_header Host $host;',
    'proxy_set_header X-Real-IP $remote_addr;',
    'proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
    'proxy_set_header X-Forwarded-Proto $scheme;',
    'proxy_set_header X-Forwarded-Host $host;',
  );
  if (r.websocket) out.push('proxy_set_header Upgrade $http_upgrade;', 'proxy_set_header Connection $connection_upgrade;');
  else out.push('proxy_set_header Connection "";');
  out.push(`proxy_connect_timeout ${r.timeouts.connect}s;`, `proxy_read_timeout ${r.timeouts.read}s;`, `proxy_send_timeout ${r.timeouts.send}s;`);
  return out;
}
