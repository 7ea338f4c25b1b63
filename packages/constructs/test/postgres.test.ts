import { Testing } from '@slipway/core';
import { describe, expect, it } from 'vitest';
import { App, HealthCheck, Postgres, Service } from '../src/index.js';

describe('Postgres', () => {
  it('GIVEN a database used by an api THEN it is private, healthy-gated and wired by its URL', () => {
    const app = new App({ name: 'shop' });
    const db = new Postgres(app, 'db', { database: 'shop', extensions: ['uuid-ossp', 'pgcrypto'], tuning: { max_connections: 200 } });
    new Service(app, 'api', { image: 'acme/api:1.0.0', env: { DATABASE_URL: db.url }, healthCheck: HealthCheck.http(3000, '/health') });

    const out = Testing.synth(app);
    const compose = out.yaml('docker-compose.yml');

    expect(compose.services.db.ports).toBeUndefined();
    expect(compose.services.db.networks).toEqual(['db-net']);
    expect(compose.networks['db-net']).toEqual({ internal: true });
    expect(compose.services.db.command).toEqual(['postgres', '-c', 'max_connections=200']);
    expect(compose.services.db.healthcheck.test).toEqual(['CMD', 'pg_isready', '-U', 'app', '-d', 'shop']);
    expect(compose.services.api.depends_on).toEqual({ db: { condition: 'service_healthy' } });
    expect(compose.services.api.networks).toEqual(['db-net', 'default']);
    expect(compose.services.api.environment.DATABASE_URL).toBe(
      'postgresql://app:${DB_PASSWORD:?DB_PASSWORD is not set: run ./init-secrets.sh or see .env.example}@db:5432/shop',
    );
    expect(out.text('postgres/db/00-extensions.sql')).toContain('CREATE EXTENSION IF NOT EXISTS "uuid-ossp";');
    expect(compose.services.db.volumes).toContain('./postgres/db/00-extensions.sql:/docker-entrypoint-initdb.d/00-extensions.sql:ro');
    expect(out.env('.env.example')).toHaveProperty('DB_PASSWORD', '');
  });

  it('GIVEN a database role name (user) THEN it names the role only: the container keeps the image user', () => {
    const app = new App({ name: 'shop' });
    new Postgres(app, 'db', { database: 'shop', user: 'shop_owner' });
    const db = Testing.synth(app).yaml('docker-compose.yml').services.db;
    expect(db.user).toBeUndefined();
    expect(db.environment.POSTGRES_USER).toBe('shop_owner');
    expect(db.healthcheck.test).toEqual(['CMD', 'pg_isready', '-U', 'shop_owner', '-d', 'shop']);
  });
});
