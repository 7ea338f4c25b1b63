import { Testing } from '@slipway/core';
import { describe, expect, it } from 'vitest';
import { App, HealthCheck, Postgres, Secret, Service } from '../src/index.js';

const HC = HealthCheck.http(3000, '/health');

/** A database written by hand as a plain Service, the way a user does without a construct. */
function handWrittenMysql(app: App, password: Secret, readsFromEnv = true) {
  return new Service(app, 'mysql', {
    image: 'mysql:8.4',
    role: 'database',
    env: readsFromEnv ? { MYSQL_DATABASE: 'app', MYSQL_USER: 'app', MYSQL_PASSWORD: password } : { MYSQL_DATABASE: 'app' },
    healthCheck: HealthCheck.command(['mysqladmin', 'ping', '-h', '127.0.0.1']),
  });
}

describe('Connections written by hand (the generic-service trap)', () => {
  it('GIVEN a URL string holding the database password and naming its host THEN the app joins its network and waits for it', () => {
    const app = new App({ name: 'shop' });
    const pw = new Secret(app, 'mysql-password', { generate: 'alnum-32' });
    handWrittenMysql(app, pw);
    new Service(app, 'api', { image: 'acme/api:1.0.0', env: { DATABASE_URL: `mysql://app:${pw}@mysql:3306/app` }, healthCheck: HC });
    const out = Testing.synth(app);
    const api = out.yaml('docker-compose.yml').services.api;
    expect(api.depends_on).toEqual({ mysql: { condition: 'service_healthy' } });
    expect(api.networks).toEqual(['default', 'mysql-net']);
    expect(Testing.diagnostics(app).filter((d) => d.level === 'error')).toEqual([]);
  });

  it('GIVEN a URL with a secret naming a service that does not use that secret THEN synth says what is missing and the fix', () => {
    const app = new App({ name: 'shop' });
    const pw = new Secret(app, 'mysql-password', { generate: 'alnum-32' });
    handWrittenMysql(app, new Secret(app, 'other', { generate: 'alnum-32' }), true);
    new Service(app, 'api', { image: 'acme/api:1.0.0', env: { DATABASE_URL: `mysql://app:${pw}@mysql:3306/app` }, healthCheck: HC });
    const errors = Testing.diagnostics(app).filter((d) => d.level === 'error');
    expect(errors.map((d) => [d.path, d.message, d.fix])).toEqual([
      [
        'shop/api',
        'DATABASE_URL names the service "mysql" as its host and carries a secret, but api neither uses a reference of mysql nor depends on it: api would start before mysql is ready and would not join its internal network mysql-net.',
        "use mysql's typed reference (e.g. db.url) in DATABASE_URL, or add dependsOn: [mysql] to api.",
      ],
    ]);
  });

  it('GIVEN the same URL with dependsOn THEN there is no error and the dependency is wired', () => {
    const app = new App({ name: 'shop' });
    const pw = new Secret(app, 'mysql-password', { generate: 'alnum-32' });
    const mysql = handWrittenMysql(app, pw, false);
    new Service(app, 'api', { image: 'acme/api:1.0.0', env: { DATABASE_URL: `mysql://app:${pw}@mysql:3306/app` }, dependsOn: [mysql], healthCheck: HC });
    const out = Testing.synth(app);
    expect(Testing.diagnostics(app).filter((d) => d.level === 'error')).toEqual([]);
    expect(out.yaml('docker-compose.yml').services.api.networks).toEqual(['default', 'mysql-net']);
  });

  it('GIVEN a secret shared by two apps (a signing key) THEN no dependency is invented', () => {
    const app = new App({ name: 'shop' });
    const jwt = new Secret(app, 'jwt', { generate: 'hex-32' });
    new Service(app, 'api', { image: 'acme/api:1.0.0', env: { JWT_SECRET: jwt }, healthCheck: HC });
    new Service(app, 'worker', { image: 'acme/api:1.0.0', env: { JWT_SECRET: jwt, API: 'http://api:3000' }, healthCheck: HC });
    const compose = Testing.synth(app).yaml('docker-compose.yml');
    expect(compose.services.worker.depends_on).toBeUndefined();
  });

  it('GIVEN a database reference in the command (not the env) THEN it is wired like one in the env', () => {
    const app = new App({ name: 'shop' });
    const db = new Postgres(app, 'db');
    new Service(app, 'migrate', { image: 'acme/api:1.0.0', command: ['migrate', '--url', `${db.url}`], restart: 'no', healthCheck: HealthCheck.none('one-shot') });
    const m = Testing.synth(app).yaml('docker-compose.yml').services.migrate;
    expect(m.depends_on).toEqual({ db: { condition: 'service_healthy' } });
    expect(m.networks).toEqual(['db-net', 'default']);
  });
});

describe('Postgres references', () => {
  it('GIVEN only host and password (a framework reading them apart) THEN the app is wired to the database', () => {
    const app = new App({ name: 'shop' });
    const db = new Postgres(app, 'db', { database: 'shop' });
    new Service(app, 'api', { image: 'acme/api:1.0.0', env: { DB_HOST: db.host, DB_PORT: db.port ?? 0, DB_NAME: db.database }, healthCheck: HC });
    const api = Testing.synth(app).yaml('docker-compose.yml').services.api;
    expect(api.environment).toMatchObject({ DB_HOST: 'db', DB_PORT: '5432', DB_NAME: 'shop' });
    expect(api.depends_on).toEqual({ db: { condition: 'service_healthy' } });
    expect(api.networks).toEqual(['db-net', 'default']);
  });

  it('GIVEN jdbcUrl THEN Spring gets jdbc:postgresql://host:5432/database and the wiring', () => {
    const app = new App({ name: 'shop' });
    const db = new Postgres(app, 'db', { database: 'shop' });
    new Service(app, 'api', {
      image: 'acme/api:1.0.0',
      env: { SPRING_DATASOURCE_URL: db.jdbcUrl, SPRING_DATASOURCE_USERNAME: db.user, SPRING_DATASOURCE_PASSWORD: db.password },
      healthCheck: HC,
    });
    const api = Testing.synth(app).yaml('docker-compose.yml').services.api;
    expect(api.environment.SPRING_DATASOURCE_URL).toBe('jdbc:postgresql://db:5432/shop');
    expect(api.depends_on).toEqual({ db: { condition: 'service_healthy' } });
  });
});
