import { Testing } from '@slipway/core';
import { describe, expect, it } from 'vitest';
import { App, Domain, HealthCheck, Service, type CorsOptions, type ProxyKind } from '../../src/index.js';

function stack(proxy: ProxyKind, cors: CorsOptions, traefikLabels = false) {
  const app = new App({ name: 'shop', proxy, acme: { email: 'ops@example.com' }, proxyOptions: { traefikLabels } });
  const api = new Service(app, 'api', { image: 'acme/api:1.0.0', port: 3000, healthCheck: HealthCheck.http(3000, '/health') });
  new Domain(app, 'api-domain', { host: 'api.example.com', to: api, cors, rateLimit: { rps: 5 } });
  return app;
}

const CORS: CorsOptions = { allowOrigins: ['https://app.example.com', 'http://localhost:3000'], allowHeaders: ['Content-Type', 'X-API-Key'], exposeHeaders: ['X-Request-Id'], allowCredentials: true };

function errors(cors: CorsOptions): string[] {
  return Testing.diagnostics(stack('nginx', cors))
    .filter((d) => d.level === 'error')
    .map((d) => `${d.path}: ${d.message} Fix: ${d.fix}`);
}

describe('Domain cors', () => {
  it('GIVEN no cors THEN the model has none and no proxy output mentions Access-Control', () => {
    const app = new App({ name: 'shop', acme: { email: 'ops@example.com' } });
    const api = new Service(app, 'api', { image: 'acme/api:1.0.0', port: 3000, healthCheck: HealthCheck.http(3000, '/health') });
    new Domain(app, 'api-domain', { host: 'api.example.com', to: api });
    expect(app.model.routes?.[0]?.cors).toBeUndefined();
    expect(Testing.synth(app).text('nginx/nginx.conf')).not.toContain('Access-Control');
  });

  it('GIVEN cors with only origins THEN the model fills methods, headers and max-age defaults', () => {
    const app = stack('nginx', { allowOrigins: ['https://app.example.com'] });
    expect(app.model.routes?.[0]?.cors).toEqual({
      origins: ['https://app.example.com'],
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      headers: ['Authorization', 'Content-Type'],
      expose: [],
      credentials: false,
      maxAge: 600,
    });
  });

  it('GIVEN wrong origins, methods, headers and max-age THEN every problem is reported with the Domain path and a fix', () => {
    const e = errors({ allowOrigins: ['*', 'https://App.example.com/', 'app.example.com'], allowMethods: ['get'], allowHeaders: ['X API'], maxAge: -1 });
    expect(e).toHaveLength(6);
    expect(e).toEqual(expect.arrayContaining([
      expect.stringMatching(/^shop\/api-domain: cors allowOrigins "\*" would let any site .* Fix: list the origins/),
      expect.stringContaining('cors origin "https://App.example.com/" is not an origin as browsers send it. Fix: use scheme://host[:port] in lowercase'),
      expect.stringContaining('cors origin "app.example.com" is not an origin'),
      expect.stringContaining('cors method "get" is not an HTTP method name.'),
      expect.stringContaining('cors header "X API" is not a valid header name.'),
      expect.stringContaining('cors maxAge -1 is not a whole number of seconds from 0 to 86400.'),
    ]));
    expect(errors({ allowOrigins: [] })).toEqual([expect.stringContaining('cors has no allowOrigins.')]);
  });

  it('GIVEN nginx THEN maps pick the allowed origin and preflights, and the location answers preflights before proxying', () => {
    const conf = Testing.synth(stack('nginx', CORS)).text('nginx/nginx.conf');
    expect(conf).toContain('map "$request_method|$http_origin|$http_access_control_request_method" $cors_preflight {');
    expect(conf).toMatch(/map \$http_origin \$cors_api_domain_origin \{\n\s+default "";\n\s+"https:\/\/app\.example\.com" \$http_origin;\n\s+"http:\/\/localhost:3000" \$http_origin;/);
    expect(conf).toMatch(/map \$cors_api_domain_origin \$cors_api_domain_credentials \{\n\s+default "true";\n\s+"" "";/);
    const location = conf.slice(conf.indexOf('location / {'));
    // The preflight answer comes before the rate limit phase would matter, and before proxy_pass.
    expect(location.indexOf('if ($cors_preflight) {')).toBeLessThan(location.indexOf('proxy_pass'));
    expect(location).toContain('proxy_hide_header Access-Control-Allow-Origin;');
    expect(location).toContain('add_header Access-Control-Allow-Origin $cors_api_domain_origin always;');
    expect(location).toContain('add_header Access-Control-Expose-Headers "X-Request-Id" always;');
    expect(location).toContain('add_header Vary Origin always;');
  });

  it('GIVEN Caddy THEN origins are a header matcher, preflights a 204 and the service\'s own CORS headers are dropped', () => {
    const caddyfile = Testing.synth(stack('caddy', CORS)).text('caddy/Caddyfile');
    expect(caddyfile).toContain('@api_domain_cors_origin {\n\t\t\theader Origin https://app.example.com\n\t\t\theader Origin http://localhost:3000\n\t\t}');
    expect(caddyfile).toContain('Access-Control-Allow-Origin {http.request.header.Origin}');
    expect(caddyfile).toContain('respond @api_domain_preflight 204');
    expect(caddyfile).toContain('header_down -Access-Control-Allow-Origin');
    expect(caddyfile).toContain('Access-Control-Allow-Headers "Content-Type, X-API-Key"');
  });

  it('GIVEN Traefik THEN a cors headers middleware sits after the rate limit and before the rest, and drops the service\'s headers', () => {
    const d = Testing.synth(stack('traefik', CORS)).yaml('traefik/dynamic.yml');
    expect(d.http.routers['api-domain'].middlewares.slice(0, 2)).toEqual(['api-domain-ratelimit', 'api-domain-cors']);
    expect(d.http.middlewares['api-domain-cors'].headers).toEqual({
      accessControlAllowOriginList: ['https://app.example.com', 'http://localhost:3000'],
      accessControlAllowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      accessControlAllowHeaders: ['Content-Type', 'X-API-Key'],
      accessControlExposeHeaders: ['X-Request-Id'],
      accessControlAllowCredentials: true,
      accessControlMaxAge: 600,
      addVaryHeader: true,
      customResponseHeaders: {
        'Access-Control-Allow-Credentials': '',
        'Access-Control-Allow-Headers': '',
        'Access-Control-Allow-Methods': '',
        'Access-Control-Allow-Origin': '',
        'Access-Control-Expose-Headers': '',
        'Access-Control-Max-Age': '',
      },
    });
  });

  it('GIVEN Traefik labels mode THEN the cors middleware travels as labels on the service', () => {
    const compose = Testing.synth(stack('traefik', CORS, true)).yaml('docker-compose.yml');
    const labels: Record<string, string> = compose.services.api.labels;
    expect(labels['traefik.http.middlewares.api-domain-cors.headers.accessControlAllowOriginList']).toBe('https://app.example.com,http://localhost:3000');
    expect(labels['traefik.http.middlewares.api-domain-cors.headers.addVaryHeader']).toBe('true');
    expect(labels['traefik.http.middlewares.api-domain-cors.headers.customResponseHeaders.Access-Control-Allow-Origin']).toBe('');
    expect(labels['traefik.http.routers.api-domain.middlewares']).toBe('api-domain-ratelimit,api-domain-cors,api-domain-body,api-domain-headers,api-domain-compress');
  });
});
