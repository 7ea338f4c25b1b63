import { Testing } from '@slipway/core';
import { describe, expect, it } from 'vitest';
import { App, HealthCheck, Postgres, Redis, Service } from '../src/index.js';

const HC = HealthCheck.http(3000, '/health');

/** Errors of an App, as `path: message`. */
const errors = (app: App) => Testing.diagnostics(app).filter((d) => d.level === 'error').map((d) => `${d.path}: ${d.message}`);

describe('pids_limit', () => {
  it('GIVEN services without pidsLimit THEN every one gets the default, a fork bomb cannot take the host', () => {
    const app = new App({ name: 'shop' });
    const db = new Postgres(app, 'db');
    const cache = new Redis(app, 'cache');
    new Service(app, 'api', { image: 'acme/api:1.0.0', port: 3000, healthCheck: HC, env: { DATABASE_URL: db.url, REDIS_URL: cache.url } });
    const services = Testing.synth(app).yaml('docker-compose.yml').services;
    expect(services.api.pids_limit).toBe(512);
    expect(services.cache.pids_limit).toBe(512);
    // Postgres runs a process per connection: its default follows max_connections (100 by default).
    expect(services.db.pids_limit).toBe(512);
  });

  it('GIVEN pidsLimit on a Service THEN it is rendered; Postgres with many connections gets room for them', () => {
    const app = new App({ name: 'shop' });
    new Service(app, 'api', { image: 'acme/api:1.0.0', port: 3000, healthCheck: HC, pidsLimit: 2048 });
    new Postgres(app, 'db', { tuning: { max_connections: 1000 } });
    new Postgres(app, 'small', { pidsLimit: 300 });
    const services = Testing.synth(app).yaml('docker-compose.yml').services;
    expect(services.api.pids_limit).toBe(2048);
    expect(services.db.pids_limit).toBe(1128);
    expect(services.small.pids_limit).toBe(300);
  });

  it('GIVEN resource limits THEN the pids limit sits beside them in deploy.resources.limits, not in pids_limit (Compose refuses both)', () => {
    const app = new App({ name: 'shop' });
    new Service(app, 'api', { image: 'acme/api:1.0.0', port: 3000, healthCheck: HC, resources: { cpus: 1, memory: '512M' } });
    const api = Testing.synth(app).yaml('docker-compose.yml').services.api;
    expect(api.deploy.resources.limits).toEqual({ cpus: '1', memory: '512M', pids: 512 });
    expect(api).not.toHaveProperty('pids_limit');
  });

  it('GIVEN a pidsLimit that is not a positive whole number THEN an error names the service and the fix', () => {
    const app = new App({ name: 'shop' });
    new Service(app, 'api', { image: 'acme/api:1.0.0', healthCheck: HC, pidsLimit: 0 });
    new Service(app, 'worker', { image: 'acme/api:1.0.0', healthCheck: HC, pidsLimit: '512' as unknown as number });
    expect(errors(app)).toEqual([
      'shop/api: pidsLimit 0 is not a positive whole number of processes.',
      'shop/worker: pidsLimit "512" is not a positive whole number of processes.',
    ]);
  });

  it('GIVEN the Swarm target THEN the limit moves to deploy.resources.limits.pids (stack deploy has no pids_limit)', () => {
    const app = new App({ name: 'shop', target: 'swarm' });
    new Service(app, 'api', { image: 'acme/api:1.0.0', port: 3000, healthCheck: HC, resources: { memory: '256M' } });
    new Service(app, 'worker', { image: 'acme/api:1.0.0', healthCheck: HC, pidsLimit: 64 });
    // For a Docker CLI too old for limits.pids: the documented way out.
    new Service(app, 'legacy', { image: 'acme/api:1.0.0', healthCheck: HC }).addDeletionOverride('deploy.resources.limits.pids');
    const stack = Testing.synth(app).yaml('stack.yml').services;
    expect(stack.api).not.toHaveProperty('pids_limit');
    expect(stack.api.deploy.resources.limits).toEqual({ memory: '256M', pids: 512 });
    expect(stack.worker.deploy.resources).toEqual({ limits: { pids: 64 } });
    expect(stack.legacy.deploy.resources?.limits?.pids).toBeUndefined();
  });
});
