import { Testing } from '@slipway/core';
import { describe, expect, it } from 'vitest';
import { App, HealthCheck, Redis, Service, Valkey } from '../src/index.js';

const serverCommand = (app: App) => Testing.synth(app).yaml('docker-compose.yml').services.cache.command[2] as string;

describe('Redis memory cap', () => {
  it('GIVEN maxMemory alone THEN least recently used keys are evicted (a cache)', () => {
    const app = new App({ name: 'shop' });
    new Redis(app, 'cache', { maxMemory: '256mb' });
    expect(serverCommand(app)).toContain('--maxmemory 256mb --maxmemory-policy allkeys-lru');
  });

  it('GIVEN a job broker with evictionPolicy noeviction THEN a full Redis refuses writes instead of dropping jobs', () => {
    const app = new App({ name: 'shop' });
    new Redis(app, 'cache', { maxMemory: '256mb', evictionPolicy: 'noeviction' });
    const cmd = serverCommand(app);
    expect(cmd).toContain('--maxmemory 256mb --maxmemory-policy noeviction');
    expect(cmd).not.toContain('allkeys-lru');
  });

  it('GIVEN no memory cap THEN no policy is set', () => {
    const app = new App({ name: 'shop' });
    new Redis(app, 'cache');
    expect(serverCommand(app)).not.toContain('maxmemory');
  });

  it('GIVEN evictionPolicy without maxMemory THEN it is an error naming the construct and the fix', () => {
    const app = new App({ name: 'shop' });
    new Redis(app, 'cache', { evictionPolicy: 'noeviction' });
    const errors = Testing.diagnostics(app).filter((d) => d.level === 'error');
    expect(errors.map((d) => [d.path, d.message, d.fix])).toEqual([
      ['shop/cache', 'evictionPolicy "noeviction" has no effect without maxMemory.', "set maxMemory (e.g. '256mb'), or remove evictionPolicy."],
    ]);
  });
});

describe('Valkey', () => {
  it('GIVEN a Valkey THEN the official valkey image with valkey-server and valkey-cli, Redis URLs, private and healthy-gated', () => {
    const app = new App({ name: 'shop' });
    const cache = new Valkey(app, 'cache', { maxMemory: '128mb', evictionPolicy: 'noeviction' });
    new Service(app, 'api', { image: 'acme/api:1.0.0', env: { REDIS_URL: cache.url }, healthCheck: HealthCheck.http(3000, '/health') });
    const compose = Testing.synth(app).yaml('docker-compose.yml');
    const s = compose.services.cache;
    expect(s.image).toBe('valkey/valkey:8.0-alpine');
    expect(s.command[2]).toBe('exec docker-entrypoint.sh valkey-server --requirepass "$$REDIS_PASSWORD" --appendonly yes --appendfsync everysec --maxmemory 128mb --maxmemory-policy noeviction');
    expect(s.healthcheck.test).toEqual(['CMD-SHELL', 'REDISCLI_AUTH="$$REDIS_PASSWORD" valkey-cli ping | grep -q PONG']);
    expect(s.networks).toEqual(['cache-net']);
    expect(s.volumes).toEqual(['cache-data:/data']);
    expect(compose.services.api.environment.REDIS_URL).toMatch(/^redis:\/\/:\$\{CACHE_PASSWORD:\?.*@cache:6379\/0$/);
    expect(compose.services.api.depends_on).toEqual({ cache: { condition: 'service_healthy' } });
  });

  it('GIVEN a bad version THEN the message names Valkey', () => {
    const app = new App({ name: 'shop' });
    new Valkey(app, 'cache', { version: 'unstable' });
    expect(Testing.diagnostics(app).filter((d) => d.level === 'error').map((d) => d.message)).toContain('version "unstable" is not a Valkey version.');
  });
});
