import { Testing } from '@slipway/core';
import { describe, expect, it } from 'vitest';
import { App, HealthCheck, MariaDb, MySql, Secret, Service } from '../src/index.js';

const HC = HealthCheck.http(3000, '/health');
const errorsOf = (app: App) => Testing.diagnostics(app).filter((d) => d.level === 'error').map((d) => [d.path, d.message, d.fix]);

describe('MariaDb', () => {
  it('GIVEN a database used by an app THEN it is private, healthy-gated, and wired by any of its references', () => {
    const app = new App({ name: 'blog' });
    const db = new MariaDb(app, 'db', { database: 'wordpress', user: 'wp', innodbBufferPoolSize: '256M', maxConnections: 200 });
    new Service(app, 'wordpress', {
      image: 'wordpress:6.6.2-apache',
      port: 80,
      env: { WORDPRESS_DB_HOST: db.host, WORDPRESS_DB_USER: db.user, WORDPRESS_DB_PASSWORD: db.password, WORDPRESS_DB_NAME: db.database },
      healthCheck: HealthCheck.http(80, '/', 'curl'),
    });
    const out = Testing.synth(app);
    const compose = out.yaml('docker-compose.yml');
    const s = compose.services.db;
    expect(s.image).toBe('mariadb:11.4');
    expect(s.ports).toBeUndefined();
    expect(s.networks).toEqual(['db-net']);
    expect(compose.networks['db-net']).toEqual({ internal: true });
    expect(s.volumes).toEqual(['db-data:/var/lib/mysql']);
    expect(s.healthcheck.test).toEqual(['CMD', 'healthcheck.sh', '--connect', '--innodb_initialized']);
    expect(s.command).toEqual(['--innodb-buffer-pool-size=256M', '--max-connections=200']);
    expect(s.environment).toMatchObject({
      MARIADB_DATABASE: 'wordpress',
      MARIADB_USER: 'wp',
      MARIADB_PASSWORD: '${DB_PASSWORD:?DB_PASSWORD is not set: run ./init-secrets.sh or see .env.example}',
      MARIADB_ROOT_PASSWORD: '${DB_ROOT_PASSWORD:?DB_ROOT_PASSWORD is not set: run ./init-secrets.sh or see .env.example}',
    });
    expect(s.stop_grace_period).toBe('60s');
    expect(s.deploy?.resources?.limits?.pids ?? s.pids_limit).toBe(512);
    const wp = compose.services.wordpress;
    expect(wp.depends_on).toEqual({ db: { condition: 'service_healthy' } });
    expect(wp.networks).toEqual(['db-net', 'default']);
    expect(wp.environment).toMatchObject({ WORDPRESS_DB_HOST: 'db', WORDPRESS_DB_USER: 'wp', WORDPRESS_DB_NAME: 'wordpress' });
    expect(wp.environment.WORDPRESS_DB_PASSWORD).toContain('${DB_PASSWORD:?');
    // Root and app user have separate generated passwords; the app never sees root's.
    const env = out.env('.env.example');
    expect(env).toHaveProperty('DB_PASSWORD', '');
    expect(env).toHaveProperty('DB_ROOT_PASSWORD', '');
    expect(JSON.stringify(wp.environment)).not.toContain('DB_ROOT_PASSWORD');
    expect(out.text('init-secrets.sh')).toContain('DB_ROOT_PASSWORD');
  });

  it('GIVEN url, urlFor and jdbcUrl THEN they name the user, the host, the port and the database', () => {
    const app = new App({ name: 'shop' });
    const db = new MariaDb(app, 'db', { database: 'shop' });
    new Service(app, 'api', { image: 'acme/api:1.0.0', env: { A: db.url, B: db.urlFor('mysql+pymysql'), C: db.jdbcUrl }, healthCheck: HC });
    const env = Testing.synth(app).yaml('docker-compose.yml').services.api.environment;
    const pw = '${DB_PASSWORD:?DB_PASSWORD is not set: run ./init-secrets.sh or see .env.example}';
    expect(env.A).toBe(`mysql://app:${pw}@db:3306/shop`);
    expect(env.B).toBe(`mysql+pymysql://app:${pw}@db:3306/shop`);
    expect(env.C).toBe('jdbc:mariadb://db:3306/shop');
  });

  it('GIVEN init scripts, tuning, character set and collation THEN they reach the image and the server command', () => {
    const app = new App({ name: 'shop' });
    new MariaDb(app, 'db', { initScripts: ['./db/schema.sql', './db/seed.sql.gz'], tuning: { long_query_time: 2, slow_query_log: 1 }, characterSet: 'utf8mb4', collation: 'utf8mb4_unicode_ci' });
    const s = Testing.synth(app).yaml('docker-compose.yml').services.db;
    expect(s.volumes).toContain('../db/schema.sql:/docker-entrypoint-initdb.d/10-schema.sql:ro');
    expect(s.volumes).toContain('../db/seed.sql.gz:/docker-entrypoint-initdb.d/11-seed.sql.gz:ro');
    expect(s.command).toEqual(['--character-set-server=utf8mb4', '--collation-server=utf8mb4_unicode_ci', '--long-query-time=2', '--slow-query-log=1']);
  });

  it('GIVEN every kind of bad prop THEN all errors come at once, each with the construct path and a fix', () => {
    const app = new App({ name: 'shop' });
    const shared = new Secret(app, 'shared', { generate: 'alnum-32' });
    new MariaDb(app, 'db', {
      version: 'latest',
      database: 'my-shop',
      user: 'root',
      password: shared,
      rootPassword: shared,
      initScripts: ['./schema.txt'],
      innodbBufferPoolSize: '1.5G',
      maxConnections: 0,
      characterSet: 'utf8mb4',
      collation: 'latin1_swedish_ci',
      tuning: { 'bind-address': '0.0.0.0', skip_grant_tables: 1, ok_option: 'line\nbreak' },
      resources: { memory: '256M' },
    });
    const errors = errorsOf(app);
    expect(errors.map(([p]) => p)).toEqual(Array(errors.length).fill('shop/db'));
    const messages = errors.map(([, m]) => m).join('\n');
    for (const part of [
      'version "latest" is not a MariaDB version.',
      'password and rootPassword are the same Secret',
      'database name "my-shop" is not a plain identifier.',
      'user "root" is the administrator',
      'init script "./schema.txt" is not a .sql',
      'innodbBufferPoolSize "1.5G" is not a MySQL size.',
      'maxConnections must be a whole number from 1 to 100000, got 0.',
      'collation "latin1_swedish_ci" does not belong to the character set "utf8mb4".',
      'tuning sets "bind-address", which Slipway manages',
      'tuning sets "skip_grant_tables", which Slipway manages: it disables every password.',
      'tuning "ok_option"',
    ]) expect(messages).toContain(part);
    expect(errors.every(([, , fix]) => typeof fix === 'string' && fix.length > 0)).toBe(true);
  });

  it('GIVEN a buffer pool above 80% of the memory limit THEN it is an error', () => {
    const app = new App({ name: 'shop' });
    new MariaDb(app, 'db', { innodbBufferPoolSize: '1G', resources: { memory: '1G' } });
    expect(errorsOf(app)).toEqual([
      ['shop/db', 'innodbBufferPoolSize 1G leaves no room in the memory limit 1G: the server would be killed when the pool fills.', 'keep the buffer pool at most 80% of resources.memory (about 70% is usual): lower innodbBufferPoolSize or raise the limit.'],
    ]);
    const ok = new App({ name: 'shop' });
    new MariaDb(ok, 'db', { innodbBufferPoolSize: '700M', resources: { memory: '1G' } });
    expect(errorsOf(ok)).toEqual([]);
  });

  it('GIVEN a literal password or a typo in a prop THEN it is an error with the fix', () => {
    const app = new App({ name: 'shop' });
    new MariaDb(app, 'db', { password: 'hunter2' as never, innodbBufferPoolSzie: '1G' } as never);
    const errors = errorsOf(app);
    expect(errors).toContainEqual(['shop/db', 'password is not a Secret (a literal password would be written into docker-compose.yml).', "set password: new Secret(app, 'db-password', { generate: 'alnum-32' }), or leave it out for a generated one."]);
    expect(errors.some(([, m, f]) => String(m).includes('"innodbBufferPoolSzie"') && String(f).includes('innodbBufferPoolSize'))).toBe(true);
  });
});

describe('MySql', () => {
  it('GIVEN a database THEN the official mysql image, MYSQL_* variables and a health check that logs in as the app user', () => {
    const app = new App({ name: 'shop' });
    const db = new MySql(app, 'db', { database: 'shop' });
    new Service(app, 'api', { image: 'acme/api:1.0.0', env: { DATABASE_URL: db.url, JDBC: db.jdbcUrl }, healthCheck: HC });
    const compose = Testing.synth(app).yaml('docker-compose.yml');
    const s = compose.services.db;
    expect(s.image).toBe('mysql:8.4');
    expect(Object.keys(s.environment).sort()).toEqual(['MYSQL_DATABASE', 'MYSQL_PASSWORD', 'MYSQL_ROOT_PASSWORD', 'MYSQL_USER']);
    expect(s.healthcheck.test[0]).toBe('CMD-SHELL');
    // `$$` is Compose's escape: the shell in the container reads the variables, not Compose.
    expect(s.healthcheck.test[1]).toContain('mysqladmin ping -h 127.0.0.1 -u "$$MYSQL_USER" --silent');
    expect(s.healthcheck.test[1]).toContain(`mysql -h 127.0.0.1 -u "$$MYSQL_USER" -e 'SELECT 1' "$$MYSQL_DATABASE"`);
    expect(s.healthcheck.test[1]).not.toContain('ROOT');
    expect(compose.services.api.environment.JDBC).toBe('jdbc:mysql://db:3306/shop');
    expect(compose.services.api.depends_on).toEqual({ db: { condition: 'service_healthy' } });
  });

  it('GIVEN a bad version THEN the message names MySQL', () => {
    const app = new App({ name: 'shop' });
    new MySql(app, 'db', { version: '8.4-oracle' });
    expect(errorsOf(app).map(([, m]) => m)).toEqual(['version "8.4-oracle" is not a MySQL version.']);
  });
});
