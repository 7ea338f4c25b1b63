import { Annotations, Testing } from '@slipway/core';
import { describe, expect, it } from 'vitest';
import { App, HealthCheck, Network, plain, Postgres, Redis, Secret, Service, Volume } from '../src/index.js';

const HC = HealthCheck.http(3000, '/health');

describe('Service', () => {
  it('GIVEN a bare service THEN it gets the secure defaults', () => {
    const app = new App({ name: 'shop' });
    new Service(app, 'api', { image: 'acme/api:1.0.0', port: 3000, healthCheck: HC });
    const api = Testing.synth(app).yaml('docker-compose.yml').services.api;
    expect(api).toMatchObject({
      restart: 'unless-stopped',
      security_opt: ['no-new-privileges:true'],
      logging: { driver: 'json-file', options: { 'max-size': '10m', 'max-file': '3' } },
      networks: ['default'],
      expose: ['3000'],
      healthcheck: { test: ['CMD', 'wget', '-q', '--spider', 'http://127.0.0.1:3000/health'], retries: 5 },
    });
    expect(api.ports).toBeUndefined();
  });

  it('GIVEN keys THEN they follow the order dclint expects', () => {
    const app = new App({ name: 'shop' });
    const db = new Postgres(app, 'db');
    new Service(app, 'api', {
      image: 'acme/api:1.0.0',
      port: 3000,
      ports: [{ container: 3000 }],
      env: { DATABASE_URL: db.url },
      volumes: [{ volume: new Volume(app, 'uploads'), target: '/data' }],
      command: ['node', 'main.js'],
      healthCheck: HC,
      labels: { team: 'core' },
      user: '1000:1000',
      capDrop: ['ALL'],
      resources: { memory: '256M' },
    });
    const keys = Object.keys(Testing.synth(app).yaml('docker-compose.yml').services.api);
    expect(keys).toEqual([
      'image', 'depends_on', 'volumes', 'environment', 'ports', 'networks', 'command', 'restart', 'healthcheck',
      'logging', 'labels', 'user', 'cap_drop', 'deploy', 'expose', 'security_opt',
    ]);
  });

  it('GIVEN published ports THEN they bind 127.0.0.1 unless public, which warns', () => {
    const app = new App({ name: 'shop' });
    new Service(app, 'api', { image: 'acme/api:1.0.0', ports: [{ container: 3000 }, { container: 9000, host: 9100, public: true }], healthCheck: HC });
    const out = Testing.synth(app);
    expect(out.yaml('docker-compose.yml').services.api.ports).toEqual(['0.0.0.0:9100:9000', '127.0.0.1:3000:3000']);
    expect(out.text('docker-compose.yml')).toContain("- '127.0.0.1:3000:3000'");
    expect(out.warnings.map((w) => [w.path, w.id])).toEqual([['shop/api', 'public-port']]);
  });

  it('GIVEN literal values with $ THEN they are escaped for Compose; secrets stay interpolations', () => {
    const app = new App({ name: 'shop' });
    const key = new Secret(app, 'api-key', { generate: 'hex-32' });
    new Service(app, 'api', {
      image: 'acme/api:1.0.0',
      env: { PRICE: 'costs $5', AUTH: `Bearer ${key}`, PUBLIC_KEY_ID: plain('pk_live_123'), RETRIES: 3, DEBUG: false },
      command: ['sh', '-c', 'echo $HOME'],
      healthCheck: HC,
    });
    const env = Testing.synth(app).yaml('docker-compose.yml').services.api.environment;
    expect(env).toEqual({
      PRICE: 'costs $$5',
      AUTH: 'Bearer ${API_KEY:?API_KEY is not set: run ./init-secrets.sh or see .env.example}',
      PUBLIC_KEY_ID: 'pk_live_123',
      RETRIES: '3',
      DEBUG: 'false',
    });
  });

  it('GIVEN a service without health check THEN warns, and dependents only wait for its start', () => {
    const app = new App({ name: 'shop' });
    const legacy = new Service(app, 'legacy', { image: 'acme/legacy:2.0.0', port: 8080 });
    new Service(app, 'api', { image: 'acme/api:1.0.0', env: { LEGACY_URL: legacy.internalUrl }, healthCheck: HC });
    const out = Testing.synth(app);
    expect(out.yaml('docker-compose.yml').services.api.depends_on).toEqual({ legacy: { condition: 'service_started' } });
    expect(out.yaml('docker-compose.yml').services.api.environment.LEGACY_URL).toBe('http://legacy:8080');
    expect(out.warnings.map((w) => w.id)).toEqual(['no-healthcheck']);

    Annotations.of(legacy).acknowledge('no-healthcheck', 'vendor image without a probe');
    expect(Testing.synth(app).warnings).toEqual([]);
  });

  it('GIVEN a cache and explicit networks THEN each data service has its own internal network', () => {
    const app = new App({ name: 'shop' });
    const cache = new Redis(app, 'cache');
    const db = new Postgres(app, 'db');
    const ops = new Network(app, 'ops');
    new Service(app, 'worker', { image: 'acme/worker:1.0.0', env: { REDIS_URL: cache.url }, networks: [ops], healthCheck: HC });
    new Service(app, 'api', { image: 'acme/api:1.0.0', env: { DATABASE_URL: db.url }, healthCheck: HC });
    const compose = Testing.synth(app).yaml('docker-compose.yml');
    expect(compose.services.worker.networks).toEqual(['cache-net', 'default', 'ops']);
    expect(compose.services.api.networks).toEqual(['db-net', 'default']);
    expect(compose.networks).toEqual({ 'cache-net': { internal: true }, 'db-net': { internal: true }, ops: {} });
    expect(compose.services.cache.command[2]).toContain('--requirepass "$$REDIS_PASSWORD"');
    expect(compose.services.cache.environment.REDIS_PASSWORD).toMatch(/^\$\{CACHE_PASSWORD:\?/);
  });

  it('GIVEN overrides (dotted and typed) THEN they apply after rendering and deletions remove fields', () => {
    const app = new App({ name: 'shop' });
    const api = new Service(app, 'api', { image: 'acme/api:1.0.0', healthCheck: HC, resources: { memory: '256M' } });
    api.addOverride('deploy.resources.limits.pids', 200);
    api.override({ init: true, logging: { options: { 'max-size': '50m' } } });
    api.addDeletionOverride('security_opt');
    const s = Testing.synth(app).yaml('docker-compose.yml').services.api;
    expect(s.deploy.resources.limits).toEqual({ memory: '256M', pids: 200 });
    expect(s.init).toBe(true);
    expect(s.logging).toEqual({ driver: 'json-file', options: { 'max-size': '50m', 'max-file': '3' } });
    expect(s.security_opt).toBeUndefined();
  });

  it('GIVEN a build THEN the context is relative to the output folder', () => {
    const app = new App({ name: 'shop' });
    new Service(app, 'api', { build: { context: './api', args: { NODE_VERSION: '20' } }, healthCheck: HC });
    const build = Testing.synth(app).yaml('docker-compose.yml').services.api.build;
    expect(build).toEqual({ context: '../api', args: { NODE_VERSION: '20' } });
  });

  it('GIVEN the same tree synthesized twice THEN the files are identical', () => {
    const make = () => {
      const app = new App({ name: 'shop' });
      const db = new Postgres(app, 'db', { extensions: ['pgcrypto'] });
      const cache = new Redis(app, 'cache');
      for (const name of ['web', 'api', 'worker']) {
        new Service(app, name, { image: `acme/${name}:1.0.0`, env: { DATABASE_URL: db.url, REDIS_URL: cache.url }, healthCheck: HC });
      }
      return Testing.synth(app).files;
    };
    expect(make()).toEqual(make());
  });
});

describe('docker-compose.yml', () => {
  it('GIVEN a stack THEN the written YAML reads back as exactly the document that was checked', async () => {
    const { renderCompose } = await import('../src/compose/render-compose.js');
    const app = new App({ name: 'shop' });
    const db = new Postgres(app, 'db', { extensions: ['pgcrypto'], tuning: { shared_buffers: '256MB' } });
    const cache = new Redis(app, 'cache');
    new Service(app, 'api', {
      image: 'acme/api:1.0.0',
      ports: [{ container: 3000 }],
      env: { DATABASE_URL: db.url, REDIS_URL: cache.url, MOTD: 'yes: "quoted" #1\nsecond line', ON: 'on' },
      healthCheck: HC,
      user: '1000:1000',
    });
    const out = Testing.synth(app);
    expect(out.yaml('docker-compose.yml')).toEqual(renderCompose(app.model));
  });
});
