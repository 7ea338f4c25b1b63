import { Annotations, TextFile, Tokens, type IFileProducer, type OutputFile, type Reference } from '@slipway/core';
import type { Construct } from 'constructs';
import { HealthCheck } from './health-check.js';
import { Secret } from './secret.js';
import { Service, type ServiceOptions } from './service.js';
import { Volume } from './volume.js';
import { shown } from './formats/text.js';

/** Properties of a {@link MongoDb} database. */
export interface MongoDbProps extends ServiceOptions {
  /**
   * Version tag of the official image, e.g. `8.0` or `7.0.14`.
   * @default `8.0`
   */
  readonly version?: string;
  /**
   * Database of the application user.
   * @default `app`
   */
  readonly database?: string;
  /**
   * Application user, `readWrite` on `database` only, created at first start.
   * @default `app`
   */
  readonly user?: string;
  /**
   * Password of `user`.
   * @default a generated secret (`alnum-32`, safe in URLs)
   */
  readonly password?: Secret;
  /**
   * Password of the `root` administrator (backups, administration; never give it to an app).
   * @default a generated secret
   */
  readonly rootPassword?: Secret;
  /**
   * WiredTiger cache (`--wiredTigerCacheSizeGB`), the main memory knob, e.g. `0.5`.
   * @default MongoDB's (half of the memory minus 1 GB, at least 0.25)
   */
  readonly wiredTigerCacheSizeGB?: number;
  /**
   * Data volume.
   * @default a volume named `<service>-data`
   */
  readonly volume?: Volume;
}

const KEYS = ['version', 'database', 'user', 'password', 'rootPassword', 'wiredTigerCacheSizeGB', 'volume'];
const VERSION = /^\d+(\.\d+){0,2}$/;
const NAME = /^[A-Za-z0-9_-]{1,63}$/;
const MONGODB_SYMBOL = Symbol.for('@slipway/constructs.MongoDb');

/** The application user's password in mongosh: from the environment, or from the file `_FILE` names. */
const APP_PASSWORD_JS =
  "process.env.MONGO_APP_PASSWORD_FILE ? require('fs').readFileSync(process.env.MONGO_APP_PASSWORD_FILE, 'utf8').trim() : process.env.MONGO_APP_PASSWORD";

/** The first-start script that creates the application user (run by the image's entry point with mongosh). */
export function renderMongoAppUserJs(): string {
  return [
    '// Runs once, when the data volume is empty: the application user, readWrite on its database only.',
    '// The password comes from the environment, or on Swarm from the secret file MONGO_APP_PASSWORD_FILE names.',
    `const pwd = ${APP_PASSWORD_JS};`,
    'const app = db.getSiblingDB(process.env.MONGO_APP_DATABASE);',
    "app.createUser({ user: process.env.MONGO_APP_USER, pwd, roles: [{ role: 'readWrite', db: process.env.MONGO_APP_DATABASE }] });",
  ].join('\n');
}

/**
 * MongoDB from the official `mongo` image, private by default: no published port, its own
 * internal network, data on a named volume, a root user and an application user (readWrite on
 * its database only, created by a generated first-start script) with separate generated
 * passwords, and a health check that logs in as the application user and pings its database.
 *
 * @example
 * const mongo = new MongoDb(app, 'mongo', { database: 'catalog', wiredTigerCacheSizeGB: 0.5 });
 * new Service(app, 'api', { image: 'ghcr.io/acme/api:1.0.0', env: { MONGODB_URI: mongo.url } });
 */
export class MongoDb extends Service implements IFileProducer {
  static isMongoDb(x: unknown): x is MongoDb {
    return typeof x === 'object' && x !== null && MONGODB_SYMBOL in x;
  }

  readonly database: string;
  readonly user: string;
  readonly password: Secret;
  readonly rootPassword: Secret;
  readonly volume: Volume;

  constructor(scope: Construct, id: string, props: MongoDbProps = {}) {
    const version = props.version ?? '8.0';
    const cache = props.wiredTigerCacheSizeGB;
    const validCache = typeof cache === 'number' && cache >= 0.25 && cache <= 10000;
    super(scope, id, {
      ...props,
      user: undefined, // `user` here is the database user; the container keeps the image's own user
      image: `mongo:${version}`,
      role: 'database',
      port: 27017,
      command: props.command ?? (validCache ? ['--wiredTigerCacheSizeGB', String(cache)] : undefined),
      healthCheck:
        props.healthCheck ??
        HealthCheck.shell(
          `mongosh --quiet --norc --eval "const d = db.getSiblingDB(process.env.MONGO_APP_DATABASE); d.auth(process.env.MONGO_APP_USER, ${APP_PASSWORD_JS}); quit(d.runCommand({ ping: 1 }).ok === 1 ? 0 : 1)"`,
          { interval: '10s', timeout: '10s', retries: 10, startPeriod: '40s' },
        ),
      stopGracePeriod: props.stopGracePeriod ?? '60s',
      // The first-start script and the health check read the password from a file on Swarm.
      swarm: { ...props.swarm, fileSecrets: [...(props.swarm?.fileSecrets ?? []), 'MONGO_APP_PASSWORD'] },
    });
    Object.defineProperty(this, MONGODB_SYMBOL, { value: true });
    this.allowProps(KEYS);
    this.database = props.database ?? 'app';
    this.user = props.user ?? 'app';
    this.password = Secret.isSecret(props.password) ? props.password : new Secret(this, 'password', { generate: 'alnum-32', description: `password of the MongoDB user "${this.user}"` });
    this.rootPassword = Secret.isSecret(props.rootPassword)
      ? props.rootPassword
      : new Secret(this, 'root-password', { generate: 'alnum-32', description: 'password of the MongoDB root user (backups, administration)' });
    this.volume = props.volume ?? new Volume(this, 'data');
    this.addEnv('MONGO_INITDB_ROOT_USERNAME', 'root');
    this.addEnv('MONGO_INITDB_ROOT_PASSWORD', this.rootPassword);
    this.addEnv('MONGO_APP_DATABASE', this.database);
    this.addEnv('MONGO_APP_USER', this.user);
    this.addEnv('MONGO_APP_PASSWORD', this.password);
    this.addMount({ volume: this.volume, target: '/data/db' });
    this.addMount({ outputFile: this.initFile, target: '/docker-entrypoint-initdb.d/00-app-user.js' });

    const a = Annotations.of(this);
    if (typeof version !== 'string' || !VERSION.test(version)) a.addError(`version ${shown(version)} is not a MongoDB version.`, `write a version such as '8.0' or '7.0.14' (tags like 'latest' float).`);
    if (typeof this.database !== 'string' || !NAME.test(this.database) || this.database === 'admin') {
      a.addError(`database name ${shown(this.database)} is not usable.`, `use letters, digits, "_" and "-", not "admin" (e.g. "catalog").`);
    }
    if (typeof this.user !== 'string' || !NAME.test(this.user) || this.user === 'root') {
      a.addError(`user name ${shown(this.user)} is not usable.`, `use letters, digits, "_" and "-", not "root" (root has rootPassword).`);
    }
    for (const key of ['password', 'rootPassword'] as const) {
      if (props[key] !== undefined && !Secret.isSecret(props[key])) {
        a.addError(`${key} is not a Secret (a literal password would be written into docker-compose.yml).`, `set ${key}: new Secret(app, 'mongo-${key === 'password' ? 'password' : 'root-password'}', { generate: 'alnum-32' }), or leave it out.`);
      }
    }
    if (Secret.isSecret(props.password) && props.password === props.rootPassword) {
      a.addError('password and rootPassword are the same Secret: the application would hold the root password.', 'leave rootPassword out (a separate one is generated).');
    }
    if (Secret.isSecret(props.password) && !props.password.urlSafe) {
      a.addWarning('url-unsafe-secret', `the password ${props.password.variable} may contain characters that break \`url\`.`, 'generate it with an alnum or hex recipe.');
    }
    if (cache !== undefined && !validCache) a.addError(`wiredTigerCacheSizeGB ${shown(cache)} is not a size in GB from 0.25 to 10000.`, 'set wiredTigerCacheSizeGB: 0.5 (or leave it out for MongoDB\'s default).');
  }

  /** Path, in the output folder, of the first-start script that creates the application user. */
  get initFile(): string {
    return `mongodb/${this.name}/00-app-user.js`;
  }

  produceFiles(): OutputFile[] {
    return [new TextFile(this.initFile, renderMongoAppUserJs(), { comment: '//', owner: this })];
  }

  /** The host name other services use (`mongo`), as a reference: using it wires the network and `depends_on`. */
  get host(): Reference {
    return Tokens.concat(this, `the host of ${this.node.path}`, [this.name]);
  }

  /** `mongodb://user:password@host:27017/database?authSource=database` (Mongoose, the MongoDB drivers' `MONGODB_URI`). */
  get url(): Reference {
    return Tokens.concat(this, `the URL of ${this.node.path}`, [
      `mongodb://${this.user}:`,
      this.password.value,
      `@${this.name}:27017/${this.database}?authSource=${this.database}`,
    ]);
  }
}
