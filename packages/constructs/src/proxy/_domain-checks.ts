import { App as CoreApp, type ValidationProblem } from '@slipway/core';
import type { Domain } from '../domain.js';
import { Secret } from '../secret.js';
import { Service } from '../service.js';
import { domainIndex } from './_domain-index.js';
import { HEADER_NAME, hostNameProblem, isAddressOrRange } from './_host-names.js';
import { headerValueProblem, permissionsPolicyProblem, REFERRER_POLICIES, referrerPolicyProblem } from './_header-grammar.js';
import { unknownKeys } from '../validate/known-keys.js';
import { shown } from '../formats/text.js';

const DOMAIN_KEYS = [
  'host', 'to', 'port', 'pathPrefix', 'stripPrefix', 'wwwRedirect', 'rateLimit', 'basicAuth', 'allowIps', 'maxBodySize', 'timeouts',
  'websocket', 'gzip', 'spa', 'cacheHashedAssets', 'hsts', 'csp', 'frameOptions', 'referrerPolicy', 'permissionsPolicy', 'headers', 'cors',
];
const BOOLEAN_KEYS = ['stripPrefix', 'websocket', 'gzip', 'spa', 'cacheHashedAssets'] as const;
import { parseBodySize } from './_route-values.js';
import { checkCors } from './cors.js';

const ONE_YEAR = 31_536_000;
const PATH_PREFIX = /^\/[A-Za-z0-9._~\-/]*$/;
const USER = /^[A-Za-z0-9._-]+$/;

/** The service a Domain routes to, when it can be found. */
export function targetOf(domain: Domain): Service | undefined {
  const to = domain.props.to;
  const index = domainIndex(domain);
  if (typeof to === 'string') return index.serviceByName.get(to);
  return index.services.has(to) ? to : undefined;
}

/** Every check of one Domain; all problems are reported together. */
export function checkDomain(domain: Domain): ValidationProblem[] {
  const p = domain.props;
  const out: ValidationProblem[] = [];
  const err = (message: string, fix: string) => out.push({ message, fix });

  out.push(...unknownKeys(p, DOMAIN_KEYS, 'the Domain'));
  for (const [key, sub, known] of [
    ['rateLimit', p.rateLimit, ['rps', 'burst']],
    ['basicAuth', p.basicAuth, ['users', 'realm']],
    ['timeouts', p.timeouts, ['connect', 'read', 'send']],
    ['hsts', p.hsts, ['maxAge', 'includeSubDomains', 'preload']],
    ['cors', p.cors, ['allowOrigins', 'allowMethods', 'allowHeaders', 'exposeHeaders', 'allowCredentials', 'maxAge']],
  ] as const) out.push(...unknownKeys(sub, known, key));
  for (const key of BOOLEAN_KEYS) {
    if (p[key] !== undefined && typeof p[key] !== 'boolean') err(`${key} ${JSON.stringify(p[key])} is not true or false.`, `set ${key}: true, or leave it out.`);
  }
  if (p.wwwRedirect !== undefined && p.wwwRedirect !== 'www-to-apex' && p.wwwRedirect !== 'apex-to-www') {
    err(`wwwRedirect ${JSON.stringify(p.wwwRedirect)} is unknown.`, `use 'www-to-apex' or 'apex-to-www'.`);
  }
  if (p.frameOptions !== undefined && p.frameOptions !== 'DENY' && p.frameOptions !== 'SAMEORIGIN') {
    err(`frameOptions ${JSON.stringify(p.frameOptions)} is not DENY or SAMEORIGIN.`, `use 'DENY' (default) or 'SAMEORIGIN'.`);
  }
  if (p.referrerPolicy !== undefined && referrerPolicyProblem(p.referrerPolicy)) {
    err(`referrerPolicy ${referrerPolicyProblem(p.referrerPolicy)}.`, `use one of: ${REFERRER_POLICIES.join(', ')}.`);
  }
  if (p.permissionsPolicy !== undefined && permissionsPolicyProblem(p.permissionsPolicy)) {
    err(`permissionsPolicy ${permissionsPolicyProblem(p.permissionsPolicy)}.`, `write directives such as 'camera=(), geolocation=(self "https://maps.example.com")'.`);
  }
  if (!domain.hosts.length) err('a Domain needs at least one host name.', `set host: 'app.example.com'.`);
  for (const h of [...domain.hosts, ...domain.redirects.map((r) => r.from)]) {
    const problem = hostNameProblem(h);
    if (problem) err(`host name "${h}" ${problem}.`, 'use a lowercase, fully qualified name such as "shop.example.com".');
  }
  out.push(...checkTarget(domain));

  if (!PATH_PREFIX.test(p.pathPrefix ?? '/')) {
    err(`path prefix "${p.pathPrefix}" is not a plain URL path.`, 'start it with "/" and use letters, digits, "-", "_", "." and "/" (e.g. "/api").');
  }
  if (p.stripPrefix && domain.pathPrefix === '/') err('stripPrefix is set but the Domain has no pathPrefix.', `set pathPrefix: '/api', or remove stripPrefix.`);
  if (p.rateLimit) {
    const { rps, burst } = p.rateLimit;
    if (!Number.isInteger(rps) || rps < 1) err(`rate limit ${rps} r/s is not a whole number ≥ 1.`, 'set rateLimit: { rps: 10, burst: 20 }.');
    if (burst !== undefined && (!Number.isInteger(burst) || burst < 0)) err(`rate limit burst ${burst} is not a whole number ≥ 0.`, 'set burst to 0 or more.');
  }
  out.push(...checkBasicAuth(domain));
  for (const ip of p.allowIps ?? []) {
    if (!isAddressOrRange(ip)) err(`"${ip}" in allowIps is not an IP address or CIDR range.`, 'use addresses such as "203.0.113.7" or ranges such as "10.0.0.0/8".');
  }
  if (p.maxBodySize !== undefined && parseBodySize(p.maxBodySize) === undefined) {
    err(`maxBodySize "${p.maxBodySize}" is not a size.`, 'use a number with k, m or g, e.g. "10m" (at least 1m is usual).');
  }
  for (const [k, v] of Object.entries(p.timeouts ?? {})) {
    if (v !== undefined && (!Number.isInteger(v) || v < 1)) err(`timeout "${k}" must be a whole number of seconds ≥ 1, got ${v}.`, `set timeouts: { ${k}: 60 }.`);
  }
  const hsts = p.hsts ?? {};
  if (hsts.maxAge !== undefined && (!Number.isInteger(hsts.maxAge) || hsts.maxAge < ONE_YEAR)) {
    err(`HSTS max-age ${hsts.maxAge} is shorter than one year.`, `set hsts.maxAge to at least ${ONE_YEAR} (default 63072000).`);
  }
  if (hsts.preload && !hsts.includeSubDomains) err('HSTS preload requires includeSubDomains.', 'set hsts: { includeSubDomains: true, preload: true }.');
  const headers = { ...(p.headers ?? {}), ...(p.csp !== undefined ? { 'Content-Security-Policy': p.csp } : {}) };
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name)) err(`"${name}" is not a valid header name.`, 'use letters, digits and "-".');
    const problem = headerValueProblem(value);
    if (problem) err(`the value of header "${name}" ${problem}.`, 'remove it: "$", braces, backslashes and control characters cannot be written in every proxy configuration (CSP sources use single quotes).');
  }
  out.push(...checkCors(p.cors));
  out.push(...checkClaims(domain));
  if (domain.proxy.kind === 'caddy' && p.rateLimit) {
    out.push({
      warning: 'caddy-rate-limit',
      message: 'stock Caddy has no rate limiting, so rateLimit is not applied.',
      fix: 'build Caddy with the github.com/mholt/caddy-ratelimit plugin (xcaddy) and add a rate_limit block, or choose proxy: "nginx" or "traefik".',
    });
  }
  return out;
}

function checkTarget(domain: Domain): ValidationProblem[] {
  const to = domain.props.to;
  if (to === undefined || to === null || (typeof to !== 'string' && !Service.isService(to))) {
    return [{ message: `the route has ${to === undefined ? 'no "to"' : `to: ${shown(to)}, not a Service`}.`, fix: 'set to: api (a Service of this App), or the Compose name of one.' }];
  }
  const target = targetOf(domain);
  const name = typeof to === 'string' ? to : to.name;
  if (!target) {
    return [{
      message: `the route targets "${name}", which is not a service of this App.`,
      fix: 'pass a Service of this App as `to` (or the Compose name of one).',
    }];
  }
  if (target.role === 'database' || target.role === 'cache') {
    return [{
      message: `the route targets ${target.name}, a ${target.role} on its own internal network the proxy cannot reach.`,
      fix: 'route to an app service; reach databases through an AdminTool or an SSH tunnel.',
    }];
  }
  const port = domain.props.port ?? target.port;
  if (port === undefined) {
    return [{ message: `the route does not know which port of ${target.name} to use.`, fix: `set port on the service (port: 3000) or on the Domain.` }];
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) return [{ message: `port ${port} is not a valid port.`, fix: 'use a whole number from 1 to 65535.' }];
  if (target.port !== undefined && port !== target.port) {
    return [{
      message: `the route sends traffic to port ${port} of ${target.name}, which listens on ${target.port}.`,
      fix: `remove port from the Domain, or set the service's port to ${port}.`,
    }];
  }
  return [];
}

function checkBasicAuth(domain: Domain): ValidationProblem[] {
  const auth = domain.props.basicAuth;
  if (!auth) return [];
  const out: ValidationProblem[] = [];
  if (!auth.users?.length) out.push({ message: 'basic auth has no users.', fix: `add users: [{ user: 'admin', password: new Secret(app, 'admin-password', { generate: 'alnum-24' }) }].` });
  for (const u of auth.users ?? []) {
    const user = u.user ?? 'admin';
    if (!Secret.isSecret(u.password)) {
      out.push({
        message: `basic auth user "${user}" has no password Secret${u.password !== undefined ? ' (a literal password would be written into the proxy config)' : ''}.`,
        fix: `set password: new Secret(app, '${user}-password', { generate: 'alnum-24' }); the proxy hashes it from .env at start.`,
      });
    }
    if (!USER.test(user)) out.push({ message: `basic auth user name "${user}" is not valid.`, fix: 'use letters, digits, ".", "_" and "-".' });
  }
  if (auth.realm !== undefined && !/^[A-Za-z0-9 ._-]{1,128}$/.test(auth.realm)) {
    out.push({ message: `realm "${auth.realm}" has characters the proxies cannot quote.`, fix: 'use up to 128 letters, digits, spaces, ".", "_" and "-".' });
  }
  return out;
}

/** No (host, path prefix) pair claimed twice; a host shared by Domains has the same host list in each. */
function checkClaims(domain: Domain): ValidationProblem[] {
  const app = CoreApp.of(domain);
  const before = earlierRivals(domain);
  const show = (d: Domain) => `${app.name}/${d.node.path}`;
  const out: ValidationProblem[] = [];
  const mine = [...domain.servedHosts].sort().join(',');
  for (const other of before) {
    const hosts = new Set([...other.servedHosts, ...other.redirects.map((r) => r.from)]);
    for (const h of domain.servedHosts) {
      if (!hosts.has(h)) continue;
      if (other.pathPrefix === domain.pathPrefix || other.redirects.some((r) => r.from === h)) {
        out.push({
          message: `host "${h}${domain.pathPrefix === '/' ? '' : domain.pathPrefix}" is already claimed by ${show(other)}.`,
          fix: 'remove the host from one of the Domains, or give them different path prefixes.',
        });
      } else if ([...other.servedHosts].sort().join(',') !== mine) {
        out.push({
          message: `host "${h}" is shared with ${show(other)}, whose host list differs (${other.servedHosts.join(', ')}).`,
          fix: 'give Domains that share a host exactly the same hosts, with different path prefixes.',
        });
      }
    }
    for (const r of domain.redirects) {
      if (other.servedHosts.includes(r.from)) {
        out.push({ message: `host "${r.from}" would redirect, but ${show(other)} serves it.`, fix: 'remove wwwRedirect, or the host from the other Domain.' });
      }
    }
  }
  return out;
}

/**
 * The earlier Domains (tree order) that checkClaims could report: those claiming one of this
 * Domain's served hosts, or serving one it redirects. Every other earlier Domain yields nothing,
 * so looking only at these keeps the messages and their order; the work grows with the Domains
 * sharing a host, not with every Domain of the App.
 */
function earlierRivals(domain: Domain): Domain[] {
  const index = domainIndex(domain);
  const mine = index.position.get(domain)!;
  const found = new Set<Domain>();
  const collect = (list: readonly Domain[] | undefined) => {
    for (const d of list ?? []) {
      if (index.position.get(d)! >= mine) break; // lists are in tree order
      found.add(d);
    }
  };
  for (const h of domain.servedHosts) collect(index.claimants.get(h));
  for (const r of domain.redirects) collect(index.servers.get(r.from));
  return [...found].sort((a, b) => index.position.get(a)! - index.position.get(b)!);
}
