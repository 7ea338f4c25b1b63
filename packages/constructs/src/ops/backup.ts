import { Annotations, App } from '@slipway/core';
import type { Construct } from 'constructs';
import { HealthCheck } from '../health-check.js';
import { Postgres } from '../postgres.js';
import { MySqlCompatible } from '../mysql-compatible.js';
import { MongoDb } from '../mongodb.js';
import { Minio } from '../minio.js';
import { unknownKeys } from '../validate/known-keys.js';
import { shown } from '../formats/text.js';
import { Secret } from '../secret.js';
import { Service } from '../service.js';
import type { Volume } from '../volume.js';
import { BackupSchedule } from './backup-schedule.js';
import type { BackupEngine, BackupModel } from '../model/ops-model.js';

/** Where dumps are copied besides the server's disk: any S3-compatible bucket. */
export interface S3Destination {
  /** Endpoint base URL, e.g. `https://s3.fr-par.scw.cloud` or `https://s3.eu-west-3.amazonaws.com`. */
  readonly endpoint: string;
  readonly bucket: string;
  /**
   * Signing region.
   * @default `us-east-1` (what most S3-compatible stores accept)
   */
  readonly region?: string;
  /**
   * Key prefix inside the bucket.
   * @default `<app>/<database service>`
   */
  readonly prefix?: string;
  /**
   * Access key id.
   * @default a provided secret `<BACKUP>_S3_ACCESS_KEY`
   */
  readonly accessKey?: Secret;
  /**
   * Secret access key.
   * @default a provided secret `<BACKUP>_S3_SECRET_KEY`
   */
  readonly secretKey?: Secret;
}

/** Properties of a {@link Backup}. */
export interface BackupProps {
  /**
   * What to back up: a {@link Postgres}, {@link MariaDb} or {@link MySql} database, a
   * {@link MongoDb} (`mongodump` archive) or a {@link Minio} bucket (mirrored into a folder).
   */
  readonly database: BackupTarget;
  /**
   * When to run.
   * @default `BackupSchedule.daily('03:00')` (UTC)
   */
  readonly schedule?: BackupSchedule;
  /**
   * Dumps kept on the server, newest first.
   * @default 7
   */
  readonly keep?: number;
  /**
   * Volumes archived (tar.gz) with each dump, e.g. uploads.
   * @default none
   */
  readonly volumes?: readonly Volume[];
  /**
   * Also upload every dump to an S3-compatible bucket.
   * @default local copies only
   */
  readonly s3?: S3Destination;
}

/** What a {@link Backup} can dump. */
export type BackupTarget = Postgres | MySqlCompatible | MongoDb | Minio;

const BACKUP_SYMBOL = Symbol.for('@slipway/constructs.Backup');

function backupTarget(x: unknown): BackupTarget | undefined {
  return Postgres.isPostgres(x) || MySqlCompatible.isMySqlCompatible(x) || MongoDb.isMongoDb(x) || Minio.isMinio(x) ? x : undefined;
}

function engineOf(db: BackupTarget): BackupEngine {
  if (MySqlCompatible.isMySqlCompatible(db)) return db.engine;
  if (MongoDb.isMongoDb(db)) return 'mongodb';
  if (Minio.isMinio(db)) return 'minio';
  return 'postgres';
}

/** Where the generated scripts are mounted inside backup containers. */
export const BACKUP_SCRIPT_DIR = '/slipway';

/**
 * Scheduled, compressed dumps of a database (`pg_dump` of a {@link Postgres}, `mariadb-dump` of a
 * {@link MariaDb}, `mysqldump` of a {@link MySql}, a gzip'd `mongodump` archive of a
 * {@link MongoDb}, an `mc mirror` copy of a {@link Minio} bucket), run by a small service in
 * Compose (the database's own image, so the dump tool matches the server). Dumps land in
 * `backups/<database>/` of the output folder; `backup.sh` runs one now, `restore.sh` restores
 * one into a database you name.
 *
 * @example
 * new Backup(app, 'db-backup', { database: db, schedule: BackupSchedule.daily('02:30'), keep: 14 });
 */
export class Backup extends Service {
  static isBackup(x: unknown): x is Backup {
    return typeof x === 'object' && x !== null && BACKUP_SYMBOL in x;
  }

  readonly database: BackupTarget;
  /** The dump tool's family: `postgres` (`pg_dump`), `mariadb` (`mariadb-dump`), `mysql` (`mysqldump`), `mongodb` (`mongodump`), `minio` (`mc mirror`). */
  readonly engine: BackupEngine;
  readonly schedule: BackupSchedule;
  readonly keep: number;
  readonly backupVolumes: readonly Volume[];
  readonly s3?: { readonly props: S3Destination; readonly accessKey: Secret; readonly secretKey: Secret; readonly prefix: string };

  constructor(scope: Construct, id: string, props: BackupProps = {} as BackupProps) {
    props ??= {} as BackupProps; // null from a JavaScript caller: reported below (no database)
    // Only a database Slipway knows can be dumped; anything else is reported below, not crashed on.
    const given: unknown = props?.database;
    const db = backupTarget(given) as BackupTarget;
    const run = ['sh', `${BACKUP_SCRIPT_DIR}/backup.sh`, '--schedule'];
    super(scope, id, {
      image: db?.props.image ?? 'postgres:16-alpine',
      role: 'tool',
      // MinIO's entry point puts `minio` before any command that is not `minio …`.
      ...(Minio.isMinio(db) ? { entrypoint: run } : { command: run }),
      // Runs as root (the image's entry point steps down only for `postgres`): writes dumps into
      // the output folder's backups/, owned by the deploy user, and reads volumes as root.
      capAdd: ['DAC_OVERRIDE'],
      healthCheck: HealthCheck.none('runs on a schedule; its logs say when each dump ran'),
      stopGracePeriod: '60s',
    });
    Object.defineProperty(this, BACKUP_SYMBOL, { value: true });
    this.database = db;
    this.engine = db ? engineOf(db) : 'postgres';
    const a = Annotations.of(this);
    for (const p of unknownKeys(props, ['database', 'schedule', 'keep', 'volumes', 's3'], 'a Backup')) a.addError(p.message, p.fix);
    if (props?.s3) for (const p of unknownKeys(props.s3, ['endpoint', 'bucket', 'region', 'prefix', 'accessKey', 'secretKey'], 'the S3 destination')) a.addError(p.message, p.fix);
    this.schedule = props?.schedule ?? BackupSchedule.daily('03:00');
    this.keep = props.keep ?? 7;
    this.backupVolumes = [...(Array.isArray(props.volumes) ? props.volumes : [])].sort((a, b) => (a.name < b.name ? -1 : 1));

    if (!db) {
      const what = Service.isService(given) ? `${given.node.path}, a ${given.role} Backup cannot dump` : given === undefined ? 'missing' : shown(given);
      a.addError(`Backup dumps PostgreSQL, MariaDB, MySQL and MongoDB databases and MinIO buckets; database is ${what}.`, 'pass a Postgres, MariaDb, MySql, MongoDb or Minio construct (database: db); Redis data is kept by its own persistence (aof or rdb) on its volume.');
      return;
    }
    // Runs in the container: the script tells container from host by this variable.
    this.addEnv('SLIPWAY_BACKUP_IN_CONTAINER', '1');
    if (Postgres.isPostgres(db)) {
      this.addEnv('PGHOST', db.host);
      this.addEnv('PGPORT', '5432');
      this.addEnv('PGUSER', db.user);
      this.addEnv('PGPASSWORD', db.password);
      this.addEnv('PGDATABASE', db.database);
    } else if (MongoDb.isMongoDb(db)) {
      // root: a restore creates a new database and grants it to the application user.
      this.addEnv('BACKUP_ENGINE', 'mongodb');
      this.addEnv('MONGO_HOST', db.host);
      this.addEnv('BACKUP_DB_PASSWORD', db.rootPassword);
      this.addEnv('BACKUP_DATABASE', db.database);
      this.addEnv('BACKUP_APP_USER', db.user);
    } else if (Minio.isMinio(db)) {
      this.addEnv('BACKUP_ENGINE', 'minio');
      this.addEnv('MINIO_HOST', db.host);
      this.addEnv('BACKUP_DB_PASSWORD', db.rootPassword);
      this.addEnv('BACKUP_DATABASE', db.bucket);
    } else {
      // root: a restore creates a new database, which the application user may not.
      this.addEnv('BACKUP_ENGINE', db.engine);
      this.addEnv('MYSQL_HOST', db.host);
      this.addEnv('MYSQL_TCP_PORT', '3306');
      this.addEnv('BACKUP_DB_PASSWORD', db.rootPassword);
      this.addEnv('BACKUP_DATABASE', db.database);
      this.addEnv('BACKUP_APP_USER', db.user);
    }
    this.addEnv('BACKUP_NAME', db.name);
    this.addEnv('BACKUP_DIR', '/backups');
    this.addEnv('BACKUP_KEEP', String(this.keep));
    this.addEnv('BACKUP_SCHEDULE', this.schedule.text);
    this.addEnv('BACKUP_VOLUMES', this.backupVolumes.map((v) => v.name).join(' '));
    this.addDependency(db);
    this.addMount({ outputFile: 'backup.sh', target: `${BACKUP_SCRIPT_DIR}/backup.sh`, readOnly: true });
    this.addMount({ outputFile: 'restore.sh', target: `${BACKUP_SCRIPT_DIR}/restore.sh`, readOnly: true });
    this.addMount({ outputFile: this.directory, target: '/backups', readOnly: false });
    for (const v of this.backupVolumes) this.addMount({ volume: v, target: `/volumes/${v.name}`, readOnly: true });

    if (props.s3) {
      const accessKey = props.s3.accessKey ?? new Secret(this, 's3-access-key', { provided: `access key id of the bucket "${props.s3.bucket}"`, description: 'S3 access key for backups' });
      const secretKey = props.s3.secretKey ?? new Secret(this, 's3-secret-key', { provided: `secret access key of the bucket "${props.s3.bucket}"`, description: 'S3 secret key for backups' });
      const prefix = (props.s3.prefix ?? `${App.isApp(this.node.root) ? this.node.root.name : 'app'}/${db.name}`).replace(/^\/+|\/+$/g, '');
      this.s3 = { props: props.s3, accessKey, secretKey, prefix };
      this.addEnv('BACKUP_S3_ENDPOINT', props.s3.endpoint.replace(/\/+$/, ''));
      this.addEnv('BACKUP_S3_BUCKET', props.s3.bucket);
      this.addEnv('BACKUP_S3_REGION', props.s3.region ?? 'us-east-1');
      this.addEnv('BACKUP_S3_PREFIX', prefix);
      this.addEnv('BACKUP_S3_ACCESS_KEY', accessKey);
      this.addEnv('BACKUP_S3_SECRET_KEY', secretKey);
    }

    for (const [message, fix] of this.schedule.problems()) a.addError(message, fix);
    if (Minio.isMinio(db) && this.backupVolumes.length) {
      a.addError('volumes cannot be archived by a MinIO backup (the MinIO image has no tar).', 'archive them with the Backup of a database, or leave volumes out.');
    }
    if (Minio.isMinio(db) && props.s3) {
      a.addError('s3 is not supported for a MinIO backup yet: its copies are folders, which backup.sh uploads file by file only for dumps.', 'leave s3 out and replicate the bucket with MinIO\'s own bucket replication (mc replicate add), or copy backups/<minio>/ off the server.');
    }
    if (!Number.isInteger(this.keep) || this.keep < 1) a.addError(`keep must be a whole number ≥ 1, got ${this.keep}.`, 'set keep: 7 (a week of daily dumps).');
    if (props.s3) {
      if (!/^https:\/\/[A-Za-z0-9.-]+(:\d{1,5})?\/?$/.test(props.s3.endpoint)) {
        a.addError(`S3 endpoint "${props.s3.endpoint}" is not an https:// URL.`, `set endpoint: 'https://s3.<region>.<provider>' (credentials must not travel in clear).`);
      }
      if (props.s3.prefix !== undefined && !/^[A-Za-z0-9!_.*'()/-]{0,512}$/.test(props.s3.prefix)) {
        a.addError(`S3 prefix ${JSON.stringify(props.s3.prefix)} has characters outside S3's safe set.`, `use letters, digits, "/", "-", "_" and ".", e.g. 'shop/db'.`);
      }
      if (props.s3.region !== undefined && !/^[a-z0-9-]{1,64}$/.test(props.s3.region)) {
        a.addError(`S3 region ${JSON.stringify(props.s3.region)} is not a region name.`, `use e.g. 'eu-west-3' or 'fr-par'.`);
      }
      if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(props.s3.bucket)) {
        a.addError(`bucket name "${props.s3.bucket}" is not a valid S3 bucket name.`, 'use 3 to 63 lowercase letters, digits, "." and "-".');
      }
    }
  }

  /** Folder of the dumps, relative to the output folder. */
  get directory(): string {
    return `backups/${this.database.name}`;
  }

  /** This backup's part of the deployment model. */
  toModel(path: string): BackupModel {
    return {
      service: this.name,
      path,
      database: this.database.name,
      ...(this.engine === 'postgres' ? {} : { engine: this.engine }),
      databaseName: Minio.isMinio(this.database) ? this.database.bucket : this.database.database,
      schedule: this.schedule.model,
      keep: this.keep,
      directory: this.directory,
      volumes: this.backupVolumes.map((v) => v.name),
      s3: this.s3 && {
        endpoint: this.s3.props.endpoint.replace(/\/+$/, ''),
        bucket: this.s3.props.bucket,
        region: this.s3.props.region ?? 'us-east-1',
        prefix: this.s3.prefix,
        accessKeyVariable: this.s3.accessKey.variable,
        secretKeyVariable: this.s3.secretKey.variable,
      },
    };
  }
}
