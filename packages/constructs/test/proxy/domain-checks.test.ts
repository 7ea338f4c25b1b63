import { Testing } from '@slipway/core';
import { describe, expect, it } from 'vitest';
import { App, Domain, HealthCheck, Postgres, Secret, Service } from '../../src/index.js';

function stack(props: ConstructorParameters<typeof App>[0] = {}) {
  const app = new App({ name: 'shop', acme: { email: 'ops@example.com' }, ...props });
  const api = new Service(app, 'api', { image: 'acme/api:1.0.0', port: 3000, healthCheck: HealthCheck.http(3000, '/health') });
  return { app, api };
}
const errors = (app: App) => Testing.diagnostics(app).filter((d) => d.level === 'error');

describe('Domain cross-checks', () => {
  it('GIVEN a route to a service name that does not exist THEN an error names the Domain and the fix', () => {
    const { app } = stack();
    new Domain(app, 'api-domain', { host: 'api.example.com', to: 'nope' });
    const [e] = errors(app);
    expect(e).toMatchObject({ path: 'shop/api-domain', message: 'the route targets "nope", which is not a service of this App.' });
    expect(e!.fix).toContain('pass a Service of this App');
  });

  it('GIVEN the same host claimed by two Domains THEN the second is an error naming the first', () => {
    const { app, api } = stack();
    new Domain(app, 'one', { host: 'api.example.com', to: api });
    new Domain(app, 'two', { host: 'api.example.com', to: api });
    expect(errors(app)).toEqual([expect.objectContaining({ path: 'shop/two', message: 'host "api.example.com" is already claimed by shop/one.' })]);
  });

  it('GIVEN one host with two path prefixes THEN both routes are fine', () => {
    const { app, api } = stack();
    new Domain(app, 'web', { host: 'example.com', to: api });
    new Domain(app, 'rest', { host: 'example.com', pathPrefix: '/api', to: api });
    expect(errors(app)).toEqual([]);
  });

  it.each([
    ['Example.com', 'has uppercase letters'],
    ['*.example.com', 'is a wildcard'],
    ['https://example.com', 'contains a scheme'],
    ['intranet', 'has no dot'],
    ['bad_label.example.com', 'has an invalid label "bad_label"'],
    ['-x.example.com', 'has an invalid label "-x"'],
  ])('GIVEN host %s THEN the error says it %s', (host, why) => {
    const { app, api } = stack();
    new Domain(app, 'd', { host, to: api });
    expect(errors(app).map((e) => e.message).join(' ')).toContain(why);
    expect(errors(app)[0]!.path).toBe('shop/d');
  });

  it('GIVEN basic auth without a Secret THEN an error explains that the password must be a Secret', () => {
    const { app, api } = stack();
    new Domain(app, 'admin', { host: 'admin.example.com', to: api, basicAuth: { users: [{ user: 'ops' }] } });
    new Domain(app, 'admin2', { host: 'admin2.example.com', to: api, basicAuth: { users: [{ user: 'ops', password: 'hunter2' as never }] } });
    const e = errors(app);
    expect(e.map((x) => x.path)).toEqual(['shop/admin', 'shop/admin2']);
    expect(e[0]!.message).toBe('basic auth user "ops" has no password Secret.');
    expect(e[1]!.message).toContain('a literal password would be written into the proxy config');
    expect(e[0]!.fix).toContain("new Secret(app, 'ops-password'");
  });

  it('GIVEN production Domains and no ACME e-mail THEN one error on the proxy asks for it; local mode needs none', () => {
    const { app, api } = stack({ acme: undefined });
    new Domain(app, 'd', { host: 'api.example.com', to: api });
    expect(errors(app)).toEqual([expect.objectContaining({ path: 'shop/proxy', message: expect.stringContaining('no ACME e-mail') })]);
    const local = stack({ acme: undefined, mode: 'local' });
    new Domain(local.app, 'd', { host: 'api.example.com', to: local.api });
    expect(errors(local.app)).toEqual([]);
  });

  it('GIVEN another service publishing 443 THEN the proxy reports it with that service path', () => {
    const { app, api } = stack();
    new Service(app, 'legacy', { image: 'acme/legacy:2.0.0', ports: [{ container: 8443, host: 443, public: true }], healthCheck: HealthCheck.none('test') });
    new Domain(app, 'd', { host: 'api.example.com', to: api });
    expect(errors(app)).toContainEqual(
      expect.objectContaining({ path: 'shop/proxy', message: 'shop/legacy publishes host port 443, which the proxy needs.' }),
    );
  });

  it('GIVEN a route to a database or without a port THEN it is an error (the proxy cannot reach it)', () => {
    const { app } = stack();
    const db = new Postgres(app, 'db');
    const portless = new Service(app, 'worker', { image: 'acme/worker:1.0.0', healthCheck: HealthCheck.none('test') });
    new Domain(app, 'to-db', { host: 'db.example.com', to: db });
    new Domain(app, 'to-worker', { host: 'w.example.com', to: portless });
    const e = errors(app);
    expect(e.find((x) => x.path === 'shop/to-db')!.message).toContain('a database on its own internal network');
    expect(e.find((x) => x.path === 'shop/to-worker')!.message).toBe('the route does not know which port of worker to use.');
  });

  it('GIVEN several mistakes THEN all are reported together', () => {
    const { app, api } = stack({ acme: undefined });
    new Domain(app, 'd', { host: 'Bad', to: api, rateLimit: { rps: 0 }, hsts: { maxAge: 60, preload: true }, allowIps: ['10.0.0.0/99'], maxBodySize: 'lots' });
    const messages = errors(app).map((e) => e.message);
    expect(messages.length).toBeGreaterThanOrEqual(7);
    expect(messages).toEqual(expect.arrayContaining([
      'rate limit 0 r/s is not a whole number ≥ 1.',
      'HSTS max-age 60 is shorter than one year.',
      'HSTS preload requires includeSubDomains.',
      '"10.0.0.0/99" in allowIps is not an IP address or CIDR range.',
      'maxBodySize "lots" is not a size.',
    ]));
  });

  it('GIVEN Caddy and a rate limit THEN a warning with an id says how to add it', () => {
    const { app, api } = stack({ proxy: 'caddy' });
    new Domain(app, 'd', { host: 'api.example.com', to: api, rateLimit: { rps: 5 } });
    const w = Testing.synth(app).warnings.find((x) => x.id === 'caddy-rate-limit');
    expect(w).toMatchObject({ path: 'shop/d' });
    expect(w!.fix).toContain('caddy-ratelimit');
  });

  it('GIVEN basic auth THEN no password or hash lands in any generated file', () => {
    const { app, api } = stack();
    const secret = new Secret(app, 'admin-password', { generate: 'alnum-24' });
    new Domain(app, 'admin', { host: 'admin.example.com', to: api, basicAuth: { users: [{ user: 'ops', password: secret }] } });
    const out = Testing.synth(app);
    const compose = out.yaml('docker-compose.yml');
    expect(compose.services['proxy-auth'].environment).toEqual({ ADMIN_PASSWORD: '${ADMIN_PASSWORD:?ADMIN_PASSWORD is not set: run ./init-secrets.sh or see .env.example}' });
    expect(compose.services.proxy.depends_on).toEqual({ 'proxy-auth': { condition: 'service_completed_successfully' } });
    for (const text of Object.values(out.files)) expect(text).not.toMatch(/\$2[aby]\$|\$apr1\$/);
    expect(out.text('proxy/derive-auth.sh')).toContain(`hash 'ops' ADMIN_PASSWORD >> "$dir/admin.htpasswd.tmp"`);
  });
});
