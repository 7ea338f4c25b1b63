import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { App, Backup, HealthCheck, Minio, MongoDb, Postgres, Service, Testing, Volume } from '@slipway/constructs';
import { run, shProblems, writeOutput } from './_support.js';

// MongoDB and MinIO have no Debian package, so these backups are checked statically (shellcheck,
// sh -n, the wiring in docker-compose.yml, the commands in the scripts) and by running the parts of
// the scripts that need no server (target names, pruning) with the machine's own sh.
function stack(): App {
  const app = new App({ name: 'shop' });
  const pg = new Postgres(app, 'pg', { database: 'shop' });
  const mongo = new MongoDb(app, 'mongo', { database: 'catalog' });
  const files = new Minio(app, 'files', { bucket: 'uploads' });
  new Service(app, 'api', {
    image: 'acme/api:1.0.0',
    env: { A: pg.url, B: mongo.url, S3_ENDPOINT: files.endpoint, S3_KEY: files.accessKey, S3_SECRET: files.secretKey },
    healthCheck: HealthCheck.http(3000, '/health'),
  });
  new Backup(app, 'pg-backup', { database: pg });
  new Backup(app, 'mongo-backup', { database: mongo, keep: 4 });
  new Backup(app, 'files-backup', { database: files, keep: 2 });
  return app;
}

describe('Backup of MongoDB and MinIO', () => {
  test('GIVEN a MongoDB backup THEN it runs on the mongo image with the root password, never the app password', () => {
    const compose = Testing.synth(stack()).yaml('docker-compose.yml');
    const svc = compose.services['mongo-backup'];
    expect(svc.image).toBe('mongo:8.0');
    expect(svc.command).toEqual(['sh', '/slipway/backup.sh', '--schedule']);
    expect(svc.environment).toMatchObject({ BACKUP_ENGINE: 'mongodb', MONGO_HOST: 'mongo', BACKUP_DATABASE: 'catalog', BACKUP_APP_USER: 'app', BACKUP_KEEP: '4' });
    expect(svc.environment.BACKUP_DB_PASSWORD).toMatch(/^\$\{MONGO_ROOT_PASSWORD:\?/);
    expect(JSON.stringify(svc.environment)).not.toContain('MONGO_PASSWORD');
    expect(svc.depends_on).toEqual({ mongo: { condition: 'service_healthy' } });
    expect(svc.networks).toContain('mongo-net');
  });

  test('GIVEN a MinIO backup THEN the script is its entry point (MinIO\'s own puts `minio` before other commands) and it holds the root password', () => {
    const compose = Testing.synth(stack()).yaml('docker-compose.yml');
    const svc = compose.services['files-backup'];
    expect(svc.image).toBe('minio/minio:RELEASE.2025-04-22T22-12-26Z');
    expect(svc.entrypoint).toEqual(['sh', '/slipway/backup.sh', '--schedule']);
    expect(svc.command).toBeUndefined();
    expect(svc.environment).toMatchObject({ BACKUP_ENGINE: 'minio', MINIO_HOST: 'files', BACKUP_DATABASE: 'uploads' });
    expect(svc.environment.BACKUP_DB_PASSWORD).toMatch(/^\$\{FILES_ROOT_PASSWORD:\?/);
    expect(svc.depends_on).toEqual({ files: { condition: 'service_healthy' } });
  });

  test('GIVEN both THEN backup.sh and restore.sh are POSIX sh, shellcheck-clean, and keep passwords off command lines', () => {
    const { dir } = writeOutput(stack());
    expect(shProblems(dir, ['backup.sh', 'restore.sh'])).toEqual({});
    const backup = readFileSync(join(dir, 'backup.sh'), 'utf8');
    expect(backup).toContain('mongodump --host="$MONGO_HOST" --port=27017 --username=root --authenticationDatabase=admin --config="$cfg" --db="$DB_NAME" --archive="$1" --gzip');
    expect(backup).toContain('mc mirror --quiet --preserve "slipway/$DB_NAME" "$1"');
    expect(backup).toContain('MC_HOST_slipway="http://root:${BACKUP_DB_PASSWORD}@${MINIO_HOST}:9000"');
    const restore = readFileSync(join(dir, 'restore.sh'), 'utf8');
    expect(restore).toContain('--nsInclude="$DB_NAME.*" --nsFrom="$DB_NAME.*" --nsTo="$target.*"');
    expect(restore).toContain('mc mirror --quiet --overwrite --remove "$dump" "slipway/$target"');
    expect(restore).toContain('mongo-[0-9]*) in_container mongo-backup');
    expect(restore).toContain('files-[0-9]*) in_container files-backup');
    for (const text of [backup, restore]) {
      expect(text).not.toMatch(/--password[= ]|-p "\$BACKUP_DB_PASSWORD"|mongosh[^\n]*BACKUP_DB_PASSWORD"/);
    }
  });

  test('GIVEN the MongoDB tools\' configuration THEN it is YAML whose password survives quotes', () => {
    const { dir } = writeOutput(stack());
    const script = readFileSync(join(dir, 'backup.sh'), 'utf8');
    const fn = /mongo_config\(\) \{\n[\s\S]*?\n\}/.exec(script)![0];
    const r = run('sh', ['-c', `${fn}\nmongo_config && cat "$cfg" && rm -f "$cfg"`], { env: { ...process.env, BACKUP_DB_PASSWORD: `it's "x"` } });
    expect(r.stdout).toBe(`password: 'it''s "x"'\n`);
  });

  test('GIVEN a restore into a bucket name S3 refuses THEN restore.sh says why before touching anything', () => {
    const { dir } = writeOutput(stack());
    const backups = join(dir, 'backups/files');
    mkdirSync(join(backups, 'files-20260101-030000.mirror'), { recursive: true });
    const env = { ...process.env, SLIPWAY_BACKUP_IN_CONTAINER: '1', BACKUP_ENGINE: 'minio', MINIO_HOST: 'files', BACKUP_DB_PASSWORD: 'pw', BACKUP_DATABASE: 'uploads', BACKUP_DIR: backups, BACKUP_NAME: 'files' };
    const bad = run('sh', [join(dir, 'restore.sh'), 'files-20260101-030000.mirror', 'Not_A_Bucket'], { env });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('bucket name Not_A_Bucket must start and end with a lowercase letter or digit');
    const under = run('sh', [join(dir, 'restore.sh'), 'files-20260101-030000.mirror', 'a_b'], { env });
    expect(under.stderr).toContain('bucket name a_b may only contain lowercase letters, digits, . and -');
  });

  test('GIVEN more copies than keep THEN the oldest bucket copies (folders) and dumps are removed, with ls only', () => {
    const { dir } = writeOutput(stack());
    const backups = join(dir, 'backups/files');
    for (const stamp of ['20260101-030000', '20260102-030000', '20260103-030000']) mkdirSync(join(backups, `files-${stamp}.mirror`, 'a/b'), { recursive: true });
    const script = readFileSync(join(dir, 'backup.sh'), 'utf8');
    const prune = /prune\(\) \{\n[\s\S]*?\n\}/.exec(script)![0];
    const r = run('sh', ['-c', `log() { echo "$*"; }\n${prune}\nprune`], { env: { ...process.env, BACKUP_DIR: backups, BACKUP_NAME: 'files', EXT: 'mirror', KEEP: '2' } });
    expect(r.status).toBe(0);
    expect(readdirSync(backups).sort()).toEqual(['files-20260102-030000.mirror', 'files-20260103-030000.mirror']);
  });

  test('GIVEN the runbook THEN it shows the MongoDB and MinIO restores with their default names', () => {
    const app = new App({ name: 'shop' });
    const files = new Minio(app, 'files', { bucket: 'uploads' });
    new Backup(app, 'files-backup', { database: files });
    const md = Testing.synth(app).text('DEPLOY.md');
    expect(md).toContain('(bucket `uploads`): copied with `mc mirror`');
    expect(md).toContain('./restore.sh backups/files/files-YYYYMMDD-HHMMSS.mirror uploads-restore');
    const app2 = new App({ name: 'shop' });
    new Backup(app2, 'mongo-backup', { database: new MongoDb(app2, 'mongo', { database: 'catalog' }) });
    const md2 = Testing.synth(app2).text('DEPLOY.md');
    expect(md2).toContain('compressed `mongodump`');
    expect(md2).toContain('./restore.sh backups/mongo/mongo-YYYYMMDD-HHMMSS.archive.gz catalog_restore');
    expect(md2).toContain("getCollectionNames()");
  });

  test('GIVEN volumes or s3 on a MinIO backup THEN each is an error with its fix', () => {
    const app = new App({ name: 'shop' });
    const files = new Minio(app, 'files');
    new Backup(app, 'b', { database: files, volumes: [new Volume(app, 'uploads')], s3: { endpoint: 'https://s3.example.com', bucket: 'offsite' } });
    const errors = Testing.diagnostics(app).filter((d) => d.level === 'error').map((d) => d.message).sort();
    expect(errors).toEqual([
      's3 is not supported for a MinIO backup yet: its copies are folders, which backup.sh uploads file by file only for dumps.',
      'volumes cannot be archived by a MinIO backup (the MinIO image has no tar).',
    ]);
  });
});
