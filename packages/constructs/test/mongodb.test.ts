import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from '@slipway/core';
import { describe, expect, it } from 'vitest';
import { App, HealthCheck, MongoDb, Secret, Service } from '../src/index.js';

describe('MongoDb', () => {
  it('GIVEN a database used by an api THEN private, healthy-gated, a root and an app user with separate secrets, the app user created by a first-start script', () => {
    const app = new App({ name: 'shop' });
    const mongo = new MongoDb(app, 'mongo', { database: 'catalog', wiredTigerCacheSizeGB: 0.5 });
    new Service(app, 'api', { image: 'acme/api:1.0.0', env: { MONGODB_URI: mongo.url }, healthCheck: HealthCheck.http(3000, '/health') });
    const out = Testing.synth(app);
    const compose = out.yaml('docker-compose.yml');
    const s = compose.services.mongo;
    expect(s.image).toBe('mongo:8.0');
    expect(s.ports).toBeUndefined();
    expect(s.networks).toEqual(['mongo-net']);
    expect(s.command).toEqual(['--wiredTigerCacheSizeGB', '0.5']);
    expect(s.volumes).toEqual(['mongo-data:/data/db', './mongodb/mongo/00-app-user.js:/docker-entrypoint-initdb.d/00-app-user.js:ro']);
    expect(s.environment).toMatchObject({ MONGO_INITDB_ROOT_USERNAME: 'root', MONGO_APP_DATABASE: 'catalog', MONGO_APP_USER: 'app' });
    expect(s.environment.MONGO_INITDB_ROOT_PASSWORD).toMatch(/^\$\{MONGO_ROOT_PASSWORD:\?/);
    expect(s.environment.MONGO_APP_PASSWORD).toMatch(/^\$\{MONGO_PASSWORD:\?/);
    expect(s.healthcheck.test[1]).toContain("d.auth(process.env.MONGO_APP_USER, process.env.MONGO_APP_PASSWORD_FILE ? require('fs').readFileSync(process.env.MONGO_APP_PASSWORD_FILE, 'utf8').trim() : process.env.MONGO_APP_PASSWORD)");
    expect(out.text('mongodb/mongo/00-app-user.js')).toContain("roles: [{ role: 'readWrite', db: process.env.MONGO_APP_DATABASE }]");
    const api = compose.services.api;
    expect(api.environment.MONGODB_URI).toBe('mongodb://app:${MONGO_PASSWORD:?MONGO_PASSWORD is not set: run ./init-secrets.sh or see .env.example}@mongo:27017/catalog?authSource=catalog');
    expect(api.depends_on).toEqual({ mongo: { condition: 'service_healthy' } });
    expect(api.networks).toEqual(['default', 'mongo-net']);
  });

  it('GIVEN bad props THEN every error with the construct path and a fix', () => {
    const app = new App({ name: 'shop' });
    const same = new Secret(app, 's', { generate: 'alnum-32' });
    new MongoDb(app, 'mongo', { version: 'latest', database: 'admin', user: 'root', password: same, rootPassword: same, wiredTigerCacheSizeGB: 0.1 });
    const errors = Testing.diagnostics(app).filter((d) => d.level === 'error');
    expect(errors.every((d) => d.path === 'shop/mongo' && d.fix.length > 0)).toBe(true);
    expect(errors.map((d) => d.message)).toEqual(expect.arrayContaining([
      'version "latest" is not a MongoDB version.',
      'database name "admin" is not usable.',
      'user name "root" is not usable.',
      'password and rootPassword are the same Secret: the application would hold the root password.',
      'wiredTigerCacheSizeGB 0.1 is not a size in GB from 0.25 to 10000.',
    ]));
  });

  it('GIVEN the Swarm target THEN the app password reaches the first-start script and the health check as a secret file, without a warning', () => {
    const app = new App({ name: 'shop', target: 'swarm' });
    const mongo = new MongoDb(app, 'mongo', { database: 'catalog' });
    new Service(app, 'api', { image: 'acme/api:1.0.0', env: { MONGODB_URI: mongo.url }, healthCheck: HealthCheck.http(3000, '/health'), swarm: { acknowledge: ['swarm-secret-in-env', 'swarm-start-order'] } });
    const out = Testing.synth(app);
    const s = out.yaml('stack.yml').services.mongo;
    expect(s.environment.MONGO_APP_PASSWORD_FILE).toBe('/run/secrets/MONGO_PASSWORD');
    expect(s.environment.MONGO_APP_PASSWORD).toBeUndefined();
    expect(s.secrets).toContain('MONGO_PASSWORD');
    expect(Testing.diagnostics(app).filter((d) => d.path === 'shop/mongo').map((d) => d.message)).toEqual([]);
  });

  it('GIVEN a secret file THEN the script\'s password expression reads it (Node, the runtime mongosh is built on, as a stand-in for mongosh)', () => {
    const app = new App({ name: 'shop' });
    new MongoDb(app, 'mongo');
    const js = Testing.synth(app).text('mongodb/mongo/00-app-user.js');
    const expr = /const pwd = (.*);/.exec(js)![1]!;
    const dir = mkdtempSync(join(tmpdir(), 'slipway-mongo-'));
    writeFileSync(join(dir, 'pw'), 's3cret\n');
    const read = (env: Record<string, string>) => execFileSync(process.execPath, ['-e', `process.stdout.write(String(${expr}))`], { env: { PATH: process.env.PATH, ...env } }).toString();
    expect(read({ MONGO_APP_PASSWORD_FILE: join(dir, 'pw') })).toBe('s3cret');
    expect(read({ MONGO_APP_PASSWORD: 'from-env' })).toBe('from-env');
  });
});
