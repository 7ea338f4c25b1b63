import { describe, expect, test } from 'vitest';
import { App, Domain, HealthCheck, Service, Testing } from '@slipway/constructs';
import { PROXY_KINDS, proxyKind } from '../../src/proxy/kinds/index.js';

function stack(proxy: string): App {
  const app = new App({ name: 'shop', proxy: proxy as never, acme: { email: 'ops@shop.example' } });
  const web = new Service(app, 'web', { image: 'nginx:1.28.0-alpine', port: 80, healthCheck: HealthCheck.none('t') });
  new Domain(app, 'site', { host: 'shop.example', to: web });
  return app;
}

describe('proxy kinds: one table entry per kind', () => {
  test.each(Object.keys(PROXY_KINDS))('GIVEN proxy %s THEN the proxy runs the image of its entry and its entry renders its files', (kind) => {
    const out = Testing.synth(stack(kind));
    const compose = out.yaml('docker-compose.yml') as any;
    expect(compose.services.proxy.image).toBe(PROXY_KINDS[kind as keyof typeof PROXY_KINDS].image);
    const app = stack(kind);
    const model = app.model;
    const own = proxyKind(kind).render(model.routes ?? [], model.proxy!).map((f) => f.path);
    expect(own.length).toBeGreaterThan(0);
    for (const path of own) expect(Object.keys(out.files)).toContain(path);
    // No other kind's configuration is written.
    for (const other of Object.keys(PROXY_KINDS).filter((k) => k !== kind)) {
      const theirs = proxyKind(other).render(model.routes ?? [], { ...model.proxy!, kind: other as never }).map((f) => f.path);
      for (const path of theirs.filter((p) => !own.includes(p))) expect(Object.keys(out.files)).not.toContain(path);
    }
  });

  test('GIVEN an unknown kind with a Domain THEN the App reports it, naming the known kinds; nothing crashes and nothing becomes another proxy', () => {
    const diagnostics = Testing.diagnostics(stack('apache'));
    expect(diagnostics.filter((d) => d.level === 'error').map((d) => `${d.path}: ${d.message} ${d.fix}`)).toContainEqual(
      'shop: proxy "apache" is not a supported proxy. use one of: nginx, traefik, caddy.',
    );
    expect(() => proxyKind('apache')).toThrow(/unknown proxy kind "apache"/);
  });
});
