import { Testing } from '@slipway/core';
import { describe, expect, it } from 'vitest';
import { App, Domain, HealthCheck, Service, type AcmeOptions } from '../../src/index.js';

const PEBBLE = 'https://10.252.0.1:14000/dir';

function stack(proxy: 'nginx' | 'caddy' | 'traefik', acme: AcmeOptions) {
  const app = new App({ name: 'shop', proxy, acme });
  const api = new Service(app, 'api', { image: 'acme/api:1.0.0', port: 3000, healthCheck: HealthCheck.http(3000, '/health') });
  new Domain(app, 'api-domain', { host: 'api.example.com', to: api });
  return app;
}
const synth = (proxy: 'nginx' | 'caddy' | 'traefik', acme: AcmeOptions) => Testing.synth(stack(proxy, acme));

describe('acme.server: certificates from another ACME certificate authority', () => {
  it('GIVEN Caddy THEN the global acme_ca names the directory', () => {
    const caddyfile = synth('caddy', { email: 'ops@example.com', server: PEBBLE }).text('caddy/Caddyfile');
    expect(caddyfile).toContain(`\tacme_ca ${PEBBLE}\n`);
  });

  it('GIVEN Traefik THEN the resolver uses it as caServer, before staging', () => {
    const s = synth('traefik', { email: 'ops@example.com', server: PEBBLE, staging: true }).yaml('traefik/traefik.yml');
    expect(s.certificatesResolvers.letsencrypt.acme.caServer).toBe(PEBBLE);
  });

  it('GIVEN nginx THEN init-ssl.sh asks certbot for it with --server, and no longer passes --staging', () => {
    expect(Testing.diagnostics(stack('nginx', { email: 'ops@example.com', server: PEBBLE })).filter((d) => d.level === 'error')).toEqual([]);
    const script = synth('nginx', { email: 'ops@example.com', server: PEBBLE }).text('init-ssl.sh');
    expect(script).toContain(`server='${PEBBLE}'`);
    expect(script).toContain('extra+=(--server "$server")');
    expect(script).not.toContain('extra+=(--staging)');
  });

  it.each(["https://ca.example.com/dir'; rm -rf /", 'http://ca.example.com/dir', 'https://ca example.com/dir', 'https://ca.example.com/d}\n'])(
    'GIVEN the directory URL %j THEN synth fails naming acme.server and the fix',
    (server) => {
      const errors = Testing.diagnostics(stack('nginx', { email: 'ops@example.com', server })).filter((d) => d.level === 'error');
      expect(errors).toEqual([expect.objectContaining({ path: 'shop/proxy', message: expect.stringContaining('acme.server') })]);
      expect(errors[0]!.fix).toContain("set acme: { server: 'https://acme.example.com/directory' }");
    },
  );
});
