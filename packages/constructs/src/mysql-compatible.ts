import { Annotations, Tokens, type Reference } from '@slipway/core';
import type { Construct } from 'constructs';
import { basename } from 'node:path';
import type { HealthCheck } from './health-check.js';
import { Secret } from './secret.js';
import { DEFAULT_PIDS_LIMIT, Service, type ServiceOptions } from './service.js';
import { Volume } from './volume.js';
import { shown } from './formats/text.js';
import { parseSize } from './validate/sizes.js';
import { mysqlBytes, mysqlSizeProblem, mysqlTuningProblems } from './validate/mysql-settings.js';

/** Properties shared by {@link MariaDb} and {@link MySql}. */
export interface MySqlCompatibleProps extends ServiceOptions {
  /**
   * Version tag of the official image, e.g. `11.4` or `8.4.3`.
   * @default the current LTS (MariaDB `11.4`, MySQL `8.4`)
   */
  readonly version?: string;
  /**
   * Database created at first start.
   * @default `app`
   */
  readonly database?: string;
  /**
   * Application user, granted every privilege on `database` only.
   * @default `app`
   */
  readonly user?: string;
  /**
   * Password of `user`.
   * @default a generated secret (`alnum-32`, safe in URLs)
   */
  readonly password?: Secret;
  /**
   * Password of `root` (backups, restores, administration; never give it to an app).
   * @default a generated secret (`alnum-32`)
   */
  readonly rootPassword?: Secret;
  /**
   * Files run once at first start, in order, in `database` (`.sql`, `.sql.gz`, `.sql.xz`,
   * `.sql.zst`, or `.sh`). Paths relative to the folder of `infra.ts`.
   * @default none
   */
  readonly initScripts?: readonly string[];
  /**
   * InnoDB buffer pool, the main memory knob (`innodb_buffer_pool_size`), e.g. `512M` or `2G`.
   * @default the server's (128M)
   */
  readonly innodbBufferPoolSize?: string;
  /**
   * Most client connections (`max_connections`).
   * @default the server's (151)
   */
  readonly maxConnections?: number;
  /**
   * Server character set (`character_set_server`).
   * @default the server's (`utf8mb4`)
   */
  readonly characterSet?: string;
  /**
   * Server collation (`collation_server`), e.g. `utf8mb4_unicode_ci`.
   * @default the server's
   */
  readonly collation?: string;
  /**
   * Other server options, passed as `--name=value`, e.g. `{ long_query_time: 2, slow_query_log: 1 }`.
   * @default none
   */
  readonly tuning?: Readonly<Record<string, string | number>>;
  /**
   * Data volume.
   * @default a volume named `<service>-data`
   */
  readonly volume?: Volume;
}

/** How a {@link MySqlCompatible} flavour differs: image, variable prefix, tools, health check. */
export interface MySqlFlavour {
  /** `mariadb` or `mysql`: the official image's name, and the engine name in backups. */
  readonly engine: 'mariadb' | 'mysql';
  /** Human name, for messages. */
  readonly title: string;
  readonly defaultVersion: string;
  /** Prefix of the image's environment variables (`MARIADB_`, `MYSQL_`). */
  readonly envPrefix: string;
  /** JDBC sub-protocol (`jdbc:<sub>://`). */
  readonly jdbc: string;
  /** The readiness check, given the app user and database. */
  readonly healthCheck: () => HealthCheck;
  /** Extra environment for the image. */
  readonly extraEnv?: ReadonlyArray<readonly [string, string]>;
}

const KEYS = ['version', 'database', 'user', 'password', 'rootPassword', 'initScripts', 'innodbBufferPoolSize', 'maxConnections', 'characterSet', 'collation', 'tuning', 'volume'];
const VERSION = /^\d+(\.\d+){0,2}$/;
const DATABASE = /^[A-Za-z0-9_]{1,64}$/;
const USER = /^[A-Za-z0-9_]{1,32}$/;
const CHARSET = /^[a-z0-9_]{2,32}$/;
const INIT_SCRIPT = /\.(sql|sql\.gz|sql\.xz|sql\.zst|sh)$/;

const MYSQL_COMPATIBLE_SYMBOL = Symbol.for('@slipway/constructs.MySqlCompatible');

/**
 * A MySQL-protocol database server: {@link MariaDb} or {@link MySql}. Private by default (no
 * published port, its own internal network joined only by the services that use one of its
 * references), data on a named volume, root and application user with separate generated
 * passwords, a health check that proves the server accepts connections over TCP.
 */
export abstract class MySqlCompatible extends Service {
  static isMySqlCompatible(x: unknown): x is MySqlCompatible {
    return typeof x === 'object' && x !== null && MYSQL_COMPATIBLE_SYMBOL in x;
  }

  readonly engine: 'mariadb' | 'mysql';
  readonly database: string;
  readonly user: string;
  /** Password of the application user. */
  readonly password: Secret;
  /** Password of `root`. */
  readonly rootPassword: Secret;
  readonly volume: Volume;
  readonly initScripts: readonly string[];
  private readonly flavour: MySqlFlavour;

  protected constructor(scope: Construct, id: string, props: MySqlCompatibleProps, flavour: MySqlFlavour) {
    const version = props.version ?? flavour.defaultVersion;
    const database = props.database ?? 'app';
    const user = props.user ?? 'app';
    const options = serverOptions(props);
    const maxConnections = typeof props.maxConnections === 'number' && Number.isSafeInteger(props.maxConnections) ? props.maxConnections : 0;
    super(scope, id, {
      ...props,
      user: undefined, // `user` here is the database user; the container keeps the image's own user
      image: `${flavour.engine}:${version}`,
      role: 'database',
      port: 3306,
      command: props.command ?? (options.length ? options : undefined),
      healthCheck: props.healthCheck ?? flavour.healthCheck(),
      stopGracePeriod: props.stopGracePeriod ?? '60s',
      // A thread per connection, plus the server's own (~40).
      pidsLimit: props.pidsLimit ?? Math.max(DEFAULT_PIDS_LIMIT, maxConnections + 128),
    });
    Object.defineProperty(this, MYSQL_COMPATIBLE_SYMBOL, { value: true });
    this.allowProps(KEYS);
    this.flavour = flavour;
    this.engine = flavour.engine;
    this.database = database;
    this.user = user;
    this.password = Secret.isSecret(props.password)
      ? props.password
      : new Secret(this, 'password', { generate: 'alnum-32', description: `password of the ${flavour.title} user "${user}"` });
    this.rootPassword = Secret.isSecret(props.rootPassword)
      ? props.rootPassword
      : new Secret(this, 'root-password', { generate: 'alnum-32', description: `password of the ${flavour.title} root user (backups, administration)` });
    this.volume = props.volume ?? new Volume(this, 'data');
    this.initScripts = Array.isArray(props.initScripts) ? props.initScripts : [];
    const env = flavour.envPrefix;
    this.addEnv(`${env}DATABASE`, database);
    this.addEnv(`${env}USER`, user);
    this.addEnv(`${env}PASSWORD`, this.password);
    this.addEnv(`${env}ROOT_PASSWORD`, this.rootPassword);
    for (const [k, v] of flavour.extraEnv ?? []) this.addEnv(k, v);
    this.addMount({ volume: this.volume, target: '/var/lib/mysql' });
    // The image runs /docker-entrypoint-initdb.d/* once, in name order, on an empty data volume.
    this.initScripts.forEach((script, i) => {
      if (typeof script === 'string') this.addMount({ bind: script, target: `/docker-entrypoint-initdb.d/${String(i + 10).padStart(2, '0')}-${basename(script)}`, readOnly: true });
    });
    this.validate(props, version, flavour);
  }

  private validate(props: MySqlCompatibleProps, version: string, flavour: MySqlFlavour): void {
    const a = Annotations.of(this);
    const defaults = `${flavour.engine === 'mariadb' ? "'11.4'" : "'8.4'"}`;
    if (typeof version !== 'string' || !VERSION.test(version)) {
      a.addError(`version ${shown(version)} is not a ${flavour.title} version.`, `write a version such as ${defaults} or a full one (tags like 'latest' float).`);
    }
    for (const key of ['password', 'rootPassword'] as const) {
      const v = props[key];
      if (v !== undefined && !Secret.isSecret(v)) {
        a.addError(`${key} is not a Secret (a literal password would be written into docker-compose.yml).`, `set ${key}: new Secret(app, 'db-${key === 'password' ? 'password' : 'root-password'}', { generate: 'alnum-32' }), or leave it out for a generated one.`);
      }
      if (Secret.isSecret(v) && !v.urlSafe && key === 'password') {
        a.addWarning('url-unsafe-secret', `the password ${v.variable} may contain characters that break \`url\`.`, 'generate it with an alnum or hex recipe, or percent-encode it in .env.');
      }
    }
    if (Secret.isSecret(props.password) && props.password === props.rootPassword) {
      a.addError('password and rootPassword are the same Secret: the application would hold the root password.', 'leave rootPassword out (a separate one is generated), or give it its own Secret.');
    }
    if (typeof this.database !== 'string' || !DATABASE.test(this.database)) a.addError(`database name ${shown(this.database)} is not a plain identifier.`, 'use letters, digits and "_", at most 64 (e.g. "shop").');
    if (typeof this.user !== 'string' || !USER.test(this.user)) a.addError(`user name ${shown(this.user)} is not a plain identifier.`, 'use letters, digits and "_", at most 32 (e.g. "app").');
    else if (this.user === 'root') a.addError('user "root" is the administrator, not an application user.', `use another name (e.g. "app"); root has its own password, rootPassword.`);
    if (props.initScripts !== undefined && !Array.isArray(props.initScripts)) a.addError(`initScripts must be a list of paths, got ${shown(props.initScripts)}.`, `write initScripts: ['./db/schema.sql'].`);
    for (const s of this.initScripts) {
      if (typeof s !== 'string' || !INIT_SCRIPT.test(s)) a.addError(`init script ${shown(s)} is not a .sql, .sql.gz, .sql.xz, .sql.zst or .sh file.`, `the image runs only those; rename it or convert it (e.g. './db/schema.sql').`);
    }
    if (props.innodbBufferPoolSize !== undefined && mysqlSizeProblem(props.innodbBufferPoolSize)) {
      a.addError(`innodbBufferPoolSize ${mysqlSizeProblem(props.innodbBufferPoolSize)}.`, `write a whole number with K, M or G: '512M', '2G'.`);
    }
    const mc = props.maxConnections;
    if (mc !== undefined && (typeof mc !== 'number' || !Number.isInteger(mc) || mc < 1 || mc > 100000)) {
      a.addError(`maxConnections must be a whole number from 1 to 100000, got ${shown(mc)}.`, 'set maxConnections: 200 (or leave it out for 151).');
    }
    for (const key of ['characterSet', 'collation'] as const) {
      const v = props[key];
      if (v !== undefined && (typeof v !== 'string' || !CHARSET.test(v))) a.addError(`${key} ${shown(v)} is not a ${key === 'characterSet' ? 'character set' : 'collation'} name.`, key === 'characterSet' ? `use e.g. 'utf8mb4'.` : `use e.g. 'utf8mb4_unicode_ci'.`);
    }
    if (typeof props.collation === 'string' && typeof props.characterSet === 'string' && !props.collation.startsWith(`${props.characterSet}_`)) {
      a.addError(`collation "${props.collation}" does not belong to the character set "${props.characterSet}".`, `use a collation named ${props.characterSet}_…, e.g. '${props.characterSet}_general_ci'.`);
    }
    for (const p of mysqlTuningProblems(props.tuning)) a.addError(p.message, p.fix);
    const pool = typeof props.innodbBufferPoolSize === 'string' ? mysqlBytes(props.innodbBufferPoolSize) : undefined;
    const memory = parseSize(props.resources?.memory);
    if (pool !== undefined && memory !== undefined && pool > memory * 0.8) {
      a.addError(
        `innodbBufferPoolSize ${props.innodbBufferPoolSize} leaves no room in the memory limit ${props.resources!.memory}: the server would be killed when the pool fills.`,
        'keep the buffer pool at most 80% of resources.memory (about 70% is usual): lower innodbBufferPoolSize or raise the limit.',
      );
    }
  }

  /** The host name other services use (`db`), as a reference: using it wires the network and `depends_on`. */
  get host(): Reference {
    return Tokens.concat(this, `the host of ${this.node.path}`, [this.name]);
  }

  /** `mysql://user:password@host:3306/database`, for the services that need the database. */
  get url(): Reference {
    return this.urlFor('mysql');
  }

  /**
   * The URL with another scheme, for drivers that name theirs: `mysql+pymysql` (SQLAlchemy),
   * `mariadb` (the MariaDB Node.js connector).
   */
  urlFor(scheme: string): Reference {
    if (!/^[a-z][a-z0-9+.-]*$/.test(String(scheme))) {
      Annotations.of(this).addError(`URL scheme ${shown(scheme)} is not a scheme.`, `use e.g. 'mysql' or 'mysql+pymysql'.`);
    }
    return Tokens.concat(this, `the URL of ${this.node.path}`, [`${scheme}://${this.user}:`, this.password.value, `@${this.name}:3306/${this.database}`]);
  }

  /** `jdbc:<mariadb|mysql>://host:3306/database`, for JDBC clients (Spring), which take user and password apart. */
  get jdbcUrl(): Reference {
    return Tokens.concat(this, `the JDBC URL of ${this.node.path}`, [`jdbc:${this.flavour.jdbc}://${this.name}:3306/${this.database}`]);
  }
}

/** `--name=value` options of the server, from the typed props and `tuning`, in a stable order. */
function serverOptions(p: MySqlCompatibleProps): string[] {
  const out: string[] = [];
  if (typeof p.innodbBufferPoolSize === 'string' && !mysqlSizeProblem(p.innodbBufferPoolSize)) out.push(`--innodb-buffer-pool-size=${p.innodbBufferPoolSize}`);
  if (typeof p.maxConnections === 'number' && Number.isInteger(p.maxConnections)) out.push(`--max-connections=${p.maxConnections}`);
  if (typeof p.characterSet === 'string') out.push(`--character-set-server=${p.characterSet}`);
  if (typeof p.collation === 'string') out.push(`--collation-server=${p.collation}`);
  if (p.tuning && typeof p.tuning === 'object' && !mysqlTuningProblems(p.tuning).length) {
    for (const [k, v] of Object.entries(p.tuning).sort(([a], [b]) => (a < b ? -1 : 1))) out.push(`--${k.replace(/_/g, '-')}=${v}`);
  }
  return out;
}
