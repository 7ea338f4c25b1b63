import { describe, expect, test } from 'vitest';
import { Backup, MariaDb, MySql, Testing, validateComposeDocument } from '@slipway/constructs';
import { stackOf, swarmFixture, warningsOf } from './_fixture.js';

describe('MariaDB and MySQL on Swarm', () => {
  test('GIVEN a MariaDb and a MySql THEN their passwords are secret files the official images read (*_FILE), never environment values', () => {
    const app = swarmFixture({}, (app) => {
      new MariaDb(app, 'maria');
      new MySql(app, 'mysql');
    });
    const stack = stackOf(app);
    expect(validateComposeDocument(stack)).toEqual([]);
    expect(stack.services.maria.environment).toMatchObject({
      MARIADB_PASSWORD_FILE: '/run/secrets/MARIA_PASSWORD',
      MARIADB_ROOT_PASSWORD_FILE: '/run/secrets/MARIA_ROOT_PASSWORD',
      MARIADB_USER: 'app',
    });
    expect(stack.services.maria.environment).not.toHaveProperty('MARIADB_PASSWORD');
    expect(stack.services.mysql.environment).toMatchObject({ MYSQL_PASSWORD_FILE: '/run/secrets/MYSQL_PASSWORD', MYSQL_ROOT_PASSWORD_FILE: '/run/secrets/MYSQL_ROOT_PASSWORD' });
    // The MySQL health check reads the password file when the variable is not there.
    expect(stack.services.mysql.healthcheck.test[1]).toContain('$${MYSQL_PASSWORD_FILE:-/dev/null}');
    expect(warningsOf(app, 'swarm-secret-in-env').filter((w) => /maria|mysql/.test(w))).toEqual([]);
  });

  test('GIVEN a MariaDB backup on Swarm THEN its root password is rebuilt from the secret file by its start-up shell', () => {
    const app = swarmFixture({}, (app) => {
      const maria = new MariaDb(app, 'maria');
      new Backup(app, 'maria-backup', { database: maria });
    });
    const svc = stackOf(app).services['maria-backup'];
    expect(svc.environment).not.toHaveProperty('BACKUP_DB_PASSWORD');
    expect(JSON.stringify(svc.command)).toContain('/run/secrets/MARIA_ROOT_PASSWORD');
    expect(Testing.synth(app).text('stack.yml')).not.toMatch(/BACKUP_DB_PASSWORD: .*MARIA_ROOT_PASSWORD/);
  });
});

describe('Other backing services and jobs on Swarm', () => {
  test('GIVEN MongoDB, MinIO, Valkey, RabbitMQ and a Job THEN stack.yml is valid; MinIO, Valkey and the Job read their secrets from files; the job scheduler stops before its replacement starts', async () => {
    const { MongoDb, Minio, Valkey, RabbitMq, Job, Service, HealthCheck } = await import('@slipway/constructs');
    const app = swarmFixture({}, (app, db) => {
      const mongo = new MongoDb(app, 'mongo');
      const files = new Minio(app, 'files');
      const v = new Valkey(app, 'valkey');
      const mq = new RabbitMq(app, 'mq');
      const worker = new Service(app, 'worker', { image: 'ghcr.io/acme/worker:1.0.0', env: { DATABASE_URL: db.url, MONGO: mongo.url, S3_KEY: files.secretKey, V: v.url, MQ: mq.url }, healthCheck: HealthCheck.none('a worker') });
      new Job(app, 'nightly', { app: worker, command: ['node', 'nightly.js'], schedule: '0 2 * * *' });
    });
    const stack = stackOf(app);
    expect(validateComposeDocument(stack)).toEqual([]);
    expect(JSON.stringify(stack.services.files.entrypoint)).toContain('/run/secrets/FILES_ROOT_PASSWORD');
    expect(stack.services.files.environment).not.toHaveProperty('MINIO_ROOT_PASSWORD');
    expect(stack.services.mongo.environment).toHaveProperty('MONGO_INITDB_ROOT_PASSWORD_FILE');
    expect(stack.services.nightly.deploy.update_config.order).toBe('stop-first');
    expect(stack.services.nightly.deploy.replicas).toBe(1);
    expect(stack.services.nightly.image).toMatch(/nightly/);
  });
});
