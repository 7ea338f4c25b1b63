import type { Diagnostic } from '@slipway/core';
import { App, Domain, HealthCheck, Postgres, Redis, Secret, Service, Testing, type AppProps } from '@slipway/constructs';

/**
 * A realistic Swarm stack: an API built from source (2 replicas) behind a Domain, Postgres with
 * an extension, Redis, a secret — the shape of the seeds' stacks.
 */
export function swarmFixture(props: Partial<AppProps> = {}, extra: (app: App, db: Postgres) => void = () => {}): App {
  const app = new App({ name: 'shop', target: 'swarm', acme: { email: 'ops@shop.example' }, swarm: { registry: 'ghcr.io/acme' }, ...props });
  const db = new Postgres(app, 'db', { database: 'shop', extensions: ['pgcrypto'] });
  const cache = new Redis(app, 'cache');
  const api = new Service(app, 'api', {
    build: { context: '.', args: { NODE_ENV: 'production' } },
    port: 3000,
    replicas: 2,
    resources: { cpus: 0.5, memory: '512M' },
    env: { DATABASE_URL: db.url, REDIS_URL: cache.url, JWT_SECRET: new Secret(app, 'jwt-secret', { generate: 'hex-32' }), NODE_ENV: 'production' },
    healthCheck: HealthCheck.http(3000, '/health'),
    readOnlyRootFilesystem: true,
    capDrop: ['ALL'],
  });
  new Domain(app, 'api-domain', { host: 'api.shop.example', to: api });
  extra(app, db);
  return app;
}

/** `stack.yml` of an App, parsed. */
export function stackOf(app: App): any {
  return Testing.synth(app).yaml('stack.yml');
}

/** Warnings of one id, as `path: message`. */
export function warningsOf(app: App, id: string): string[] {
  return Testing.diagnostics(app)
    .filter((d: Diagnostic) => d.level === 'warning' && d.id === id)
    .map((d) => `${d.path}: ${d.message}`);
}

/** Errors, as `path: message Fix: fix`. */
export function errorsOf(app: App): string[] {
  return Testing.diagnostics(app)
    .filter((d: Diagnostic) => d.level === 'error')
    .map((d) => `${d.path}: ${d.message} Fix: ${d.fix}`);
}

/** A one-service App for single-feature tests. */
export function single(service: ConstructorParameters<typeof Service>[2], props: Partial<AppProps> = {}): App {
  const app = new App({ name: 'shop', target: 'swarm', ...props });
  new Service(app, 'svc', { healthCheck: HealthCheck.none('test'), ...service });
  return app;
}
