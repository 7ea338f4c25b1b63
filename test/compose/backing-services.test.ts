import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { App, HealthCheck, Job, MongoDb, Minio, MySql, RabbitMq, Service, Testing, Valkey, validateComposeDocument } from '@slipway/constructs';
import { ROOT } from '../_support/workspace.js';

// The backing services without a Debian package to run here (MongoDB, MinIO, Valkey) and MySQL
// are judged statically: a stack using every one of them must satisfy the Compose schema and
// dclint, and its scripts shellcheck.
const DCLINT = join(ROOT, 'node_modules/.bin/dclint');
const dir = mkdtempSync(join(tmpdir(), 'slipway-services-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function stack(): App {
  const app = new App({ name: 'catalog' });
  const mongo = new MongoDb(app, 'mongo', { database: 'catalog', wiredTigerCacheSizeGB: 0.5 });
  const files = new Minio(app, 'files', { bucket: 'uploads' });
  const cache = new Valkey(app, 'cache', { maxMemory: '128mb' });
  const mq = new RabbitMq(app, 'mq', { management: true });
  const sql = new MySql(app, 'sql', { database: 'legacy', innodbBufferPoolSize: '256M' });
  const api = new Service(app, 'api', {
    image: 'ghcr.io/acme/catalog-api:2.0.0',
    port: 3000,
    env: {
      MONGODB_URI: mongo.url, S3_ENDPOINT: files.endpoint, S3_BUCKET: files.bucket, S3_ACCESS_KEY: files.accessKey, S3_SECRET_KEY: files.secretKey,
      REDIS_URL: cache.url, AMQP_URL: mq.url, SPRING_DATASOURCE_URL: sql.jdbcUrl, SPRING_DATASOURCE_USERNAME: sql.user, SPRING_DATASOURCE_PASSWORD: sql.password,
    },
    healthCheck: HealthCheck.http(3000, '/health'),
  });
  new Job(app, 'reindex', { app: api, command: ['node', 'dist/reindex.js'], schedule: '0 */6 * * *' });
  return app;
}

describe('a stack with every backing service', () => {
  const out = Testing.synth(stack());
  for (const [path, content] of Object.entries(out.files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }

  it('GIVEN its docker-compose.yml THEN the Compose schema accepts it and dclint finds no error', () => {
    expect(validateComposeDocument(parse(out.text('docker-compose.yml')))).toEqual([]);
    const lint = spawnSync(DCLINT, [join(dir, 'docker-compose.yml'), '--formatter', 'json'], { encoding: 'utf8', timeout: 30_000 });
    const [report] = JSON.parse(lint.stdout) as Array<{ messages: Array<{ type: string }> }>;
    expect(report!.messages.filter((m) => m.type === 'error')).toEqual([]);
  });

  it('THEN every data service is alone on its internal network, publishes nothing, and the api joins each network it uses', () => {
    const compose = out.yaml('docker-compose.yml');
    for (const s of ['mongo', 'files', 'cache', 'mq', 'sql']) {
      expect(compose.services[s].ports).toBeUndefined();
      expect(compose.services[s].networks).toEqual([`${s}-net`]);
      expect(compose.networks[`${s}-net`]).toEqual({ internal: true });
      expect(compose.services.api.depends_on[s]).toEqual({ condition: 'service_healthy' });
    }
    expect(compose.services.api.networks).toEqual(['cache-net', 'default', 'files-net', 'mongo-net', 'mq-net', 'sql-net']);
    expect(compose.services.reindex.networks).toEqual(compose.services.api.networks);
  });

  it('THEN .env.example lists every generated secret, and the job scripts pass shellcheck', () => {
    const env = out.env('.env.example');
    for (const v of ['MONGO_PASSWORD', 'MONGO_ROOT_PASSWORD', 'FILES_ACCESS_KEY', 'FILES_SECRET_KEY', 'FILES_ROOT_PASSWORD', 'CACHE_PASSWORD', 'MQ_PASSWORD', 'SQL_PASSWORD', 'SQL_ROOT_PASSWORD']) {
      expect(env).toHaveProperty(v, '');
    }
    for (const args of [['--shell=sh', join(dir, 'jobs/reindex/scheduler.sh'), join(dir, 'jobs/reindex/run-job.sh')], [join(dir, 'init-secrets.sh'), join(dir, 'deploy.sh')]]) {
      const sc = spawnSync('shellcheck', args, { encoding: 'utf8' });
      expect(sc.stdout).toBe('');
      expect(sc.status).toBe(0);
    }
  });
});
