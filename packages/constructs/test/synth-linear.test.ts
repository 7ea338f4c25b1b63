import { Testing } from '@slipway/core';
import { Node } from 'constructs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App, Domain, HealthCheck, Postgres, Service } from '../src/index.js';

/**
 * Synthesis must stay linear in the number of services. Timing would be flaky on a shared
 * machine, so these tests count operations instead: every visit of a construct's children (each
 * tree walk is one visit per construct) and every tree walk. A path that walks the tree once per
 * service or Domain makes the count grow with N², i.e. 16 × when N grows 4 ×; a linear synth
 * grows about 4 ×.
 */
function stack(n: number, shape: 'services' | 'domains' | 'postgres'): App {
  const app = new App({ name: 'bench', acme: { email: 'ops@example.com' } });
  const db = shape === 'postgres' ? new Postgres(app, 'db') : undefined;
  for (let i = 0; i < n; i++) {
    const name = `svc-${i}`;
    const env: Record<string, string> = { NODE_ENV: 'production', SERVICE_NAME: name };
    const s = new Service(app, name, { image: `registry.example.com/${name}:1.0.${i}`, port: 8080, env: db ? { ...env, DATABASE_URL: db.url } : env, healthCheck: HealthCheck.http(8080, '/healthz') });
    if (shape !== 'services') new Domain(app, `${name}-domain`, { host: `${name}.example.com`, to: s });
  }
  return app;
}

function countOperations(n: number, shape: 'services' | 'domains' | 'postgres') {
  const app = stack(n, shape);
  const children = vi.spyOn(Node.prototype, 'children', 'get');
  const walks = vi.spyOn(Node.prototype, 'findAll');
  const out = Testing.synth(app);
  const counts = { children: children.mock.calls.length, walks: walks.mock.calls.length };
  vi.restoreAllMocks();
  // The stack did synthesize: every service is in the Compose file (and routed, with Domains).
  expect(Object.keys(out.yaml('docker-compose.yml').services).filter((k) => k.startsWith('svc-'))).toHaveLength(n);
  return counts;
}

describe('synthesis cost grows linearly with the number of services', () => {
  afterEach(() => vi.restoreAllMocks());

  it.each(['services', 'domains', 'postgres'] as const)('GIVEN %s stacks of 50 and 200 services THEN tree visits grow about 4 x, tree walks not at all', (shape) => {
    const small = countOperations(50, shape);
    const large = countOperations(200, shape);
    expect(small.children).toBeGreaterThan(50); // the spy does see the walks
    expect(large.children / small.children).toBeLessThan(4.5);
    expect(large.walks).toBe(small.walks);
  });
});
