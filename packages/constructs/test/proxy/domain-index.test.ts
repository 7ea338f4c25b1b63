import { Testing } from '@slipway/core';
import { Construct, Node } from 'constructs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App, Domain, HealthCheck, Service } from '../../src/index.js';
import { checkDomain, targetOf } from '../../src/proxy/_domain-checks.js';

const CLAIM = /is already claimed by|is shared with|would redirect/;

/** The quadratic checks as they were before the index: the reference the indexed ones must match. */
function referenceTarget(domain: Domain): Service | undefined {
  const to = domain.props.to;
  const services = (domain.node.root as App).node.findAll().filter(Service.isService);
  if (typeof to === 'string') return services.find((s) => s.name === to);
  return services.includes(to) ? to : undefined;
}

function referenceClaims(domain: Domain): string[] {
  const app = domain.node.root as App;
  const domains = app.node.findAll().filter(Domain.isDomain);
  const before = domains.slice(0, domains.indexOf(domain));
  const show = (d: Domain) => `${app.name}/${d.node.path}`;
  const out: string[] = [];
  const mine = [...domain.servedHosts].sort().join(',');
  for (const other of before) {
    const hosts = new Set([...other.servedHosts, ...other.redirects.map((r) => r.from)]);
    for (const h of domain.servedHosts) {
      if (!hosts.has(h)) continue;
      if (other.pathPrefix === domain.pathPrefix || other.redirects.some((r) => r.from === h)) {
        out.push(`host "${h}${domain.pathPrefix === '/' ? '' : domain.pathPrefix}" is already claimed by ${show(other)}.`);
      } else if ([...other.servedHosts].sort().join(',') !== mine) {
        out.push(`host "${h}" is shared with ${show(other)}, whose host list differs (${other.servedHosts.join(', ')}).`);
      }
    }
    for (const r of domain.redirects) {
      if (other.servedHosts.includes(r.from)) out.push(`host "${r.from}" would redirect, but ${show(other)} serves it.`);
    }
  }
  return out;
}

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed by its seed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stack whose Domains collide in every way the claim checks know, nested so tree order ≠ creation order. */
function randomStack(seed: number) {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const app = new App({ name: 'shop', acme: { email: 'ops@example.com' } });
  const groups = [app, new Construct(app, 'a'), new Construct(app, 'b')];
  groups.push(new Construct(groups[1]!, 'inner'));
  const services = Array.from({ length: 4 }, (_, i) =>
    new Service(pick(groups), `svc${i}`, { image: 'acme/x:1.0.0', port: 8080, healthCheck: HealthCheck.http(8080, '/') }));
  const hosts = ['example.com', 'www.example.com', 'api.example.com', 'shop.example.com'];
  for (let i = 0; i < 25; i++) {
    const host = rnd() < 0.3 ? [pick(hosts), pick(hosts)] : pick(hosts);
    new Domain(pick(groups), `d${i}`, {
      host,
      to: rnd() < 0.2 ? pick(['svc1', 'nope']) : pick(services),
      pathPrefix: pick([undefined, '/', '/api', '/api/']),
      wwwRedirect: pick([undefined, undefined, 'www-to-apex', 'apex-to-www'] as const),
    });
  }
  return app;
}

describe('Domain index', () => {
  afterEach(() => vi.restoreAllMocks());

  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])('GIVEN random colliding Domains (seed %i) THEN targets and claim messages match the tree-walking checks, in order', (seed) => {
    const app = randomStack(seed);
    const domains = app.node.findAll().filter(Domain.isDomain);
    let claims = 0;
    for (const d of domains) {
      expect(targetOf(d)).toBe(referenceTarget(d));
      const messages = checkDomain(d).map((p) => p.message).filter((m) => CLAIM.test(m));
      expect(messages).toEqual(referenceClaims(d));
      claims += messages.length;
    }
    expect(claims).toBeGreaterThan(0); // the stack does exercise the claim checks
  });

  it('GIVEN a tree changed after a synth THEN the next synth sees the new Domains and services', () => {
    const app = new App({ name: 'shop', acme: { email: 'ops@example.com' } });
    const api = new Service(app, 'api', { image: 'acme/api:1.0.0', port: 3000, healthCheck: HealthCheck.http(3000, '/') });
    new Domain(app, 'one', { host: 'api.example.com', to: api });
    new Domain(app, 'late-route', { host: 'late.example.com', to: 'late' });
    expect(Testing.diagnostics(app).map((d) => d.message)).toEqual(['the route targets "late", which is not a service of this App.']);

    new Service(app, 'late', { image: 'acme/late:1.0.0', port: 3000, healthCheck: HealthCheck.http(3000, '/') });
    new Domain(app, 'two', { host: 'api.example.com', to: api });
    expect(Testing.diagnostics(app).map((d) => `${d.path}: ${d.message}`)).toEqual(['shop/two: host "api.example.com" is already claimed by shop/one.']);
  });

  it('GIVEN many Domains THEN one synth walks the tree a fixed number of times, not once per Domain', () => {
    const walks = (n: number) => {
      const app = new App({ name: 'shop', acme: { email: 'ops@example.com' } });
      for (let i = 0; i < n; i++) {
        const s = new Service(app, `s${i}`, { image: 'acme/x:1.0.0', port: 8080, healthCheck: HealthCheck.http(8080, '/') });
        new Domain(app, `d${i}`, { host: `s${i}.example.com`, to: s });
      }
      const spy = vi.spyOn(Node.prototype, 'findAll');
      expect(Testing.synth(app).files['docker-compose.yml']).toBeDefined();
      const calls = spy.mock.calls.length;
      spy.mockRestore();
      return calls;
    };
    expect(walks(200)).toBe(walks(2));
  });
});
