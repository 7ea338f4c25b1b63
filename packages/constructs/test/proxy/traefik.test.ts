import { Testing } from '@slipway/core';
import { describe, expect, it } from 'vitest';
import { App, Domain, HealthCheck, Secret, Service, type ProxyOptions } from '../../src/index.js';

function synth(options: ProxyOptions = {}, mode: 'production' | 'local' = 'production') {
  const app = new App({ name: 'shop', proxy: 'traefik', mode, acme: { email: 'ops@example.com', staging: true }, proxyOptions: options });
  const api = new Service(app, 'api', { image: 'acme/api:1.0.0', port: 3000, healthCheck: HealthCheck.http(3000, '/health') });
  const web = new Service(app, 'web', { image: 'acme/web:1.0.0', port: 8080, healthCheck: HealthCheck.http(8080, '/') });
  new Domain(app, 'web-domain', { host: 'example.com', to: web, wwwRedirect: 'www-to-apex', spa: true });
  new Domain(app, 'api-domain', {
    host: 'example.com', pathPrefix: '/api', stripPrefix: true, to: api, rateLimit: { rps: 10, burst: 20 },
    basicAuth: { users: [{ user: 'ops', password: new Secret(app, 'ops-password', { generate: 'alnum-24' }) }] },
    allowIps: ['10.0.0.0/8'], maxBodySize: '2m',
  });
  return Testing.synth(app);
}

describe('Traefik v3', () => {
  it('GIVEN production THEN the static config has web→websecure 308, the LE resolver on a volume, the file provider, access log, no dashboard', () => {
    const out = synth();
    const s = out.yaml('traefik/traefik.yml');
    expect(s.entryPoints.web).toEqual({ address: ':80', http: { redirections: { entryPoint: { to: 'websecure', scheme: 'https', permanent: true } } } });
    expect(s.entryPoints.websecure.address).toBe(':443');
    expect(s.certificatesResolvers.letsencrypt.acme).toEqual({
      email: 'ops@example.com', storage: '/letsencrypt/acme.json',
      caServer: 'https://acme-staging-v02.api.letsencrypt.org/directory', httpChallenge: { entryPoint: 'web' },
    });
    expect(s.providers).toEqual({ file: { filename: '/etc/traefik/dynamic/dynamic.yml', watch: true } });
    expect(s.accessLog).toEqual({});
    expect(s.api).toEqual({ dashboard: false, insecure: false });
    const compose = out.yaml('docker-compose.yml');
    expect(compose.services.proxy.volumes).toContain('traefik-acme:/letsencrypt');
    expect(compose.services.proxy.ports).toEqual(['0.0.0.0:80:80', '0.0.0.0:443:443']);
  });

  it('GIVEN two Domains THEN routers, services and middlewares carry every route option', () => {
    const d = synth().yaml('traefik/dynamic.yml');
    expect(d.http.routers['api-domain']).toEqual({
      rule: 'Host(`example.com`) && (Path(`/api`) || PathPrefix(`/api/`))',
      entryPoints: ['websecure'],
      service: 'api-domain',
      middlewares: ['api-domain-allow', 'api-domain-ratelimit', 'api-domain-auth', 'api-domain-body', 'api-domain-headers', 'api-domain-compress', 'api-domain-strip'],
      tls: { certResolver: 'letsencrypt', options: 'mozilla-intermediate' },
    });
    const m = d.http.middlewares;
    expect(m['api-domain-allow']).toEqual({ ipAllowList: { sourceRange: ['10.0.0.0/8'] } });
    expect(m['api-domain-ratelimit']).toEqual({ rateLimit: { average: 10, period: '1s', burst: 20 } });
    expect(m['api-domain-auth'].basicAuth.usersFile).toBe('/etc/slipway/auth/api-domain.htpasswd');
    expect(m['api-domain-body']).toEqual({ buffering: { maxRequestBodyBytes: 2 * 1024 * 1024 } });
    expect(m['api-domain-strip']).toEqual({ stripPrefix: { prefixes: ['/api'] } });
    expect(m['api-domain-headers'].headers).toMatchObject({ stsSeconds: 63072000, contentTypeNosniff: true, customFrameOptionsValue: 'DENY' });
    expect(m['api-domain-headers'].headers.customResponseHeaders).toMatchObject({ 'X-Powered-By': '', Server: '', 'Cross-Origin-Opener-Policy': 'same-origin' });
    expect(m['web-domain-spa']).toEqual({ errors: { status: ['404'], service: 'web-domain', query: '/index.html' } });
    expect(m['web-domain-redirect'].redirectRegex).toEqual({ regex: '^https?://www\\.example\\.com(?::\\d+)?/(.*)', replacement: 'https://example.com/${1}', permanent: true });
    expect(d.http.routers['web-domain-assets'].middlewares).toContain('web-domain-immutable');
    expect(d.http.services['web-domain']).toEqual({ loadBalancer: { servers: [{ url: 'http://web:8080' }], passHostHeader: true, serversTransport: 'web-domain' } });
    expect(d.http.serversTransports['api-domain'].forwardingTimeouts).toEqual({ dialTimeout: '5s', responseHeaderTimeout: '60s', idleConnTimeout: '90s' });
    expect(d.tls.options['mozilla-intermediate']).toEqual({
      minVersion: 'VersionTLS12',
      cipherSuites: [
        'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
        'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
        'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256', 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
      ],
      curvePreferences: ['X25519', 'CurveP256', 'CurveP384'],
      sniStrict: true,
    });
    expect(synth().text('traefik/dynamic.yml')).not.toMatch(/[&*]a\d/); // no YAML anchors
  });

  it('GIVEN traefikFormat toml THEN the TOML file holds exactly the same data as the YAML one', () => {
    const yaml = synth().yaml('traefik/dynamic.yml');
    const toml = synth({ traefikFormat: 'toml' });
    expect(toml.files['traefik/dynamic.yml']).toBeUndefined();
    expect(JSON.parse(JSON.stringify(toml.toml('traefik/dynamic.toml')))).toEqual(yaml);
    expect(toml.yaml('traefik/traefik.yml').providers.file.filename).toBe('/etc/traefik/dynamic/dynamic.toml');
  });

  it('GIVEN labels mode THEN routes are Docker labels on each service and the docker provider exposes nothing by default', () => {
    const out = synth({ traefikLabels: true });
    const compose = out.yaml('docker-compose.yml');
    const labels = compose.services.api.labels;
    expect(labels['traefik.enable']).toBe('true');
    expect(labels['traefik.docker.network']).toBe('shop_default');
    expect(labels['traefik.http.routers.api-domain.rule']).toBe('Host(`example.com`) && (Path(`/api`) || PathPrefix(`/api/`))');
    expect(labels['traefik.http.routers.api-domain.tls.options']).toBe('mozilla-intermediate@file');
    expect(labels['traefik.http.middlewares.api-domain-ratelimit.rateLimit.average']).toBe('10');
    expect(labels['traefik.http.services.api-domain.loadbalancer.server.port']).toBe('3000');
    expect(compose.services.web.labels['traefik.http.middlewares.web-domain-redirect.redirectRegex.replacement']).toBe('https://example.com/$${1}');
    expect(out.yaml('traefik/traefik.yml').providers.docker).toEqual({ endpoint: 'tcp://docker-socket-proxy:2375', exposedByDefault: false, network: 'shop_default', watch: true });
    expect(compose.services.proxy.volumes.join(' ')).not.toContain('docker.sock');
    expect(compose.services['docker-socket-proxy']).toMatchObject({
      image: 'tecnativa/docker-socket-proxy:0.3.0',
      volumes: ['/var/run/docker.sock:/var/run/docker.sock:ro'],
      environment: { CONTAINERS: '1', NETWORKS: '1', SERVICES: '0', TASKS: '0', POST: '0' },
      networks: ['proxy-docker-api'],
      cap_drop: ['ALL'],
      read_only: true,
    });
    expect(compose.services.proxy.networks).toEqual(['default', 'proxy-docker-api']);
    expect(compose.networks['proxy-docker-api']).toEqual({ internal: true });
    expect(out.yaml('traefik/dynamic.yml').http.routers).toBeUndefined();
    expect(out.warnings.map((w) => w.id)).not.toContain('docker-socket');
  });

  it('GIVEN a dashboard THEN it is on its own host behind basic auth with a generated password, never insecure', () => {
    const app = new App({ name: 'shop', proxy: 'traefik', acme: { email: 'ops@example.com' }, proxyOptions: { dashboard: { host: 'traefik.example.com' } } });
    const api = new Service(app, 'api', { image: 'acme/api:1.0.0', port: 3000, healthCheck: HealthCheck.http(3000, '/health') });
    new Domain(app, 'd', { host: 'api.example.com', to: api });
    const out = Testing.synth(app);
    expect(out.yaml('traefik/traefik.yml').api).toEqual({ dashboard: true, insecure: false });
    const d = out.yaml('traefik/dynamic.yml');
    expect(d.http.routers.dashboard).toMatchObject({ rule: 'Host(`traefik.example.com`)', service: 'api@internal', middlewares: ['dashboard-auth'] });
    expect(d.http.middlewares['dashboard-auth'].basicAuth.usersFile).toBe('/etc/slipway/auth/dashboard.htpasswd');
    expect(out.env('.env.example')).toHaveProperty('PROXY_DASHBOARD_PASSWORD', '');
    expect(out.text('proxy/derive-auth.sh')).toContain("hash 'admin' PROXY_DASHBOARD_PASSWORD");
  });

  it('GIVEN a dashboard WHEN proxy-auth hashes its password THEN proxy waits for proxy-auth and not the reverse (no depends_on cycle)', () => {
    const app = new App({ name: 'shop', proxy: 'traefik', acme: { email: 'ops@example.com' }, proxyOptions: { dashboard: { host: 'traefik.example.com' } } });
    const api = new Service(app, 'api', { image: 'acme/api:1.0.0', port: 3000, healthCheck: HealthCheck.http(3000, '/health') });
    new Domain(app, 'd', { host: 'api.example.com', to: api });
    const c = Testing.synth(app).yaml('docker-compose.yml');
    expect(c.services.proxy.depends_on).toEqual({ 'proxy-auth': { condition: 'service_completed_successfully' } });
    expect(c.services['proxy-auth'].depends_on).toBeUndefined();
    expect(c.services['proxy-auth'].environment.PROXY_DASHBOARD_PASSWORD).toMatch(/^\$\{PROXY_DASHBOARD_PASSWORD:\?/);
  });

  it('GIVEN a dashboard THEN the runbook asks for a DNS record for its host too', () => {
    const app = new App({ name: 'shop', proxy: 'traefik', acme: { email: 'ops@example.com' }, proxyOptions: { dashboard: { host: 'traefik.example.com' } } });
    const api = new Service(app, 'api', { image: 'acme/api:1.0.0', port: 3000, healthCheck: HealthCheck.http(3000, '/health') });
    new Domain(app, 'd', { host: 'api.example.com', to: api });
    const md = Testing.synth(app).text('DEPLOY.md');
    expect(md).toContain('| A | traefik.example.com | <server IPv4> |');
    expect(md).toContain('dig +short A traefik.example.com');
  });

  it('GIVEN local mode THEN only the web entrypoint, no resolver, plain-HTTP routers with .localhost aliases', () => {
    const out = synth({}, 'local');
    const s = out.yaml('traefik/traefik.yml');
    expect(Object.keys(s.entryPoints)).toEqual(['web', 'ping']);
    expect(s.certificatesResolvers).toBeUndefined();
    const r = out.yaml('traefik/dynamic.yml').http.routers['web-domain'];
    expect(r.rule).toBe('(Host(`example.com`) || Host(`example.com.localhost`))');
    expect(r.tls).toBeUndefined();
    expect(out.yaml('docker-compose.yml').services.proxy.ports).toEqual(['127.0.0.1:80:80']);
  });
});
