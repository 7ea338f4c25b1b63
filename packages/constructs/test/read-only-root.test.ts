import { Testing } from '@slipway/core';
import { describe, expect, it } from 'vitest';
import { App, Domain, HealthCheck, Postgres, Redis, Service, Volume } from '../src/index.js';

const HC = HealthCheck.http(3000, '/health');
const composeOf = (app: App) => Testing.synth(app).yaml('docker-compose.yml').services;

describe('read-only root filesystem', () => {
  it('GIVEN the images whose writes are known THEN read_only with a sized tmpfs on each path they write', () => {
    const app = new App({ name: 'shop', acme: { email: 'ops@example.com' } });
    new Postgres(app, 'db');
    new Redis(app, 'cache');
    new Domain(app, 'site', { host: 'shop.example.com', to: new Service(app, 'api', { image: 'acme/api:1.0.0', port: 3000, healthCheck: HC }) });
    const s = composeOf(app);
    expect(s.db).toMatchObject({ read_only: true, tmpfs: ['/var/run/postgresql:size=64m', '/tmp:size=64m'] });
    expect(s.cache).toMatchObject({ read_only: true, tmpfs: ['/tmp:size=64m'] });
    expect(s.proxy).toMatchObject({ read_only: true, tmpfs: ['/etc/nginx/live:size=64m', '/var/cache/nginx:size=64m', '/run:size=64m', '/tmp:size=64m'] });
    expect(s.certbot).toMatchObject({ read_only: true, tmpfs: ['/var/lib/letsencrypt:size=64m', '/var/log/letsencrypt:size=64m', '/tmp:size=64m'] });
    // an image Slipway does not know keeps a writable root filesystem
    expect(s.api.read_only).toBeUndefined();
    expect(s.api.tmpfs).toBeUndefined();
  });

  it('GIVEN readOnlyRootFilesystem: false THEN writable, no tmpfs; GIVEN true on any image THEN read-only, and the user mounts what it writes', () => {
    const app = new App({ name: 'shop' });
    new Postgres(app, 'db', { readOnlyRootFilesystem: false });
    new Service(app, 'api', { image: 'acme/api:1.0.0', port: 3000, healthCheck: HC, readOnlyRootFilesystem: true, volumes: [{ tmpfs: '/tmp' }] });
    const s = composeOf(app);
    expect(s.db.read_only).toBeUndefined();
    expect(s.db.tmpfs).toBeUndefined();
    expect(s.api).toMatchObject({ read_only: true, tmpfs: ['/tmp'] });
  });

  it('GIVEN a path of the list that the service already mounts THEN no tmpfs over it', () => {
    const app = new App({ name: 'shop' });
    new Redis(app, 'cache', { volumes: [{ volume: new Volume(app, 'scratch'), target: '/tmp' }] });
    const cache = composeOf(app).cache;
    expect(cache.read_only).toBe(true);
    expect(cache.tmpfs).toBeUndefined();
    expect(cache.volumes).toContain('scratch:/tmp');
  });
});
