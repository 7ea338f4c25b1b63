import { Annotations, Testing, synthesize } from '@slipway/core';
import { describe, expect, it } from 'vitest';
import { App, Backup, Domain, HealthCheck, Postgres, Redis, Service } from '../src/index.js';
import { IMAGE_CAPABILITIES, imageCapabilities, imageRepository } from '../src/security/image-capabilities.js';

const HC = HealthCheck.http(3000, '/health');
const composeOf = (app: App) => Testing.synth(app).yaml('docker-compose.yml').services;

describe('capabilities', () => {
  it('GIVEN a user service THEN every capability is dropped and none added', () => {
    const app = new App({ name: 'shop' });
    new Service(app, 'api', { image: 'ghcr.io/acme/api:1.0.0', port: 3000, healthCheck: HC });
    const api = composeOf(app).api;
    expect(api.cap_drop).toEqual(['ALL']);
    expect(api.cap_add).toBeUndefined();
  });

  it('GIVEN the databases, the cache and the proxy THEN each gets back only what its image entry point needs', () => {
    const app = new App({ name: 'shop', acme: { email: 'ops@example.com' } });
    const db = new Postgres(app, 'db');
    new Redis(app, 'cache');
    new Backup(app, 'backup', { database: db });
    new Domain(app, 'site', { host: 'shop.example.com', to: new Service(app, 'api', { image: 'acme/api:1.0.0', port: 3000, healthCheck: HC }) });
    const s = composeOf(app);
    expect(s.db).toMatchObject({ cap_drop: ['ALL'], cap_add: ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID'] });
    expect(s.cache).toMatchObject({ cap_drop: ['ALL'], cap_add: ['CHOWN', 'DAC_OVERRIDE', 'SETGID', 'SETUID'] });
    expect(s.proxy).toMatchObject({ cap_drop: ['ALL'], cap_add: ['CHOWN', 'NET_BIND_SERVICE', 'SETGID', 'SETUID'] });
    // root in the postgres image, writing into the deploy user's backups folder
    expect(s.backup).toMatchObject({ cap_drop: ['ALL'], cap_add: ['DAC_OVERRIDE'] });
    expect(s.certbot.cap_drop).toEqual(['ALL']);
    expect(s.certbot.cap_add).toBeUndefined();
  });

  it('GIVEN Redis THEN its command goes back through the image entry point, which steps down to the redis user only for redis-server', () => {
    const app = new App({ name: 'shop' });
    new Redis(app, 'cache');
    expect(composeOf(app).cache.command[2]).toMatch(/^exec docker-entrypoint\.sh redis-server /);
  });

  it('GIVEN image references THEN the repository is found with any registry, tag or digest', () => {
    expect(imageRepository('postgres:16-alpine')).toBe('postgres');
    expect(imageRepository('docker.io/library/postgres@sha256:' + 'a'.repeat(64))).toBe('postgres');
    expect(imageRepository('registry.example.com:5000/team/nginx:1.27')).toBe('team/nginx');
    expect(imageRepository('dpage/pgadmin4:8.12')).toBe('dpage/pgadmin4');
    expect(imageCapabilities('nginxinc/nginx-unprivileged:1.27.4-alpine')).toEqual([]);
    expect(imageCapabilities('mariadb:11.4.2')).toEqual(IMAGE_CAPABILITIES.mariadb);
  });

  it('GIVEN capAdd or capDrop THEN they replace the defaults; GIVEN dropCapabilities: false THEN Docker keeps its set, with a warning', () => {
    const app = new App({ name: 'shop' });
    new Postgres(app, 'db', { capAdd: ['CHOWN', 'SETGID', 'SETUID'] });
    new Service(app, 'api', { image: 'acme/api:1.0.0', port: 3000, healthCheck: HC, capDrop: ['NET_RAW'] });
    const loose = new Service(app, 'legacy', { image: 'acme/legacy:1.0.0', port: 3000, healthCheck: HC, dropCapabilities: false });
    const s = composeOf(app);
    expect(s.db.cap_add).toEqual(['CHOWN', 'SETGID', 'SETUID']);
    expect(s.api.cap_drop).toEqual(['NET_RAW']);
    expect(s.legacy.cap_drop).toBeUndefined();
    expect(s.legacy.cap_add).toBeUndefined();
    const warnings = synthesize(app, { displayRoot: 'shop' }).diagnostics.filter((d) => d.level === 'warning');
    expect(warnings.map((d) => [d.path, d.id])).toContainEqual(['shop/legacy', 'capabilities-not-dropped']);
    Annotations.of(loose).acknowledge('capabilities-not-dropped', 'a legacy image that starts as root and switches user');
    expect(synthesize(app, { displayRoot: 'shop', strict: true }).failed).toBe(false);
  });

  it('GIVEN a capability beyond Docker\'s default set THEN the extra-capability warning names it; GIVEN dropCapabilities "no" THEN an error', () => {
    const app = new App({ name: 'shop' });
    new Service(app, 'vpn', { image: 'acme/vpn:1.0.0', port: 3000, healthCheck: HC, capAdd: ['NET_ADMIN'] });
    new Service(app, 'api', { image: 'acme/api:1.0.0', port: 3000, healthCheck: HC, dropCapabilities: 'no' as never });
    const d = synthesize(app, { displayRoot: 'shop' }).diagnostics;
    expect(d.find((x) => x.id === 'extra-capability')).toMatchObject({ path: 'shop/vpn', message: expect.stringContaining('NET_ADMIN') });
    expect(d.find((x) => x.level === 'error')).toMatchObject({ path: 'shop/api', message: 'dropCapabilities "no" is not true or false.' });
  });
});
