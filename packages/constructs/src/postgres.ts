import { Annotations, TextFile, Tokens, type IFileProducer, type OutputFile, type Reference } from '@slipway/core';
import { basename } from 'node:path';
import { renderExtensionsSql } from './scripts/postgres-init-sql.js';
import type { Construct } from 'constructs';
import { HealthCheck } from './health-check.js';
import { Secret } from './secret.js';
import { DEFAULT_PIDS_LIMIT, Service, type ServiceOptions } from './service.js';
import { Volume } from './volume.js';
import { tuningProblem } from './validate/postgres-settings.js';

/** Properties of a {@link Postgres} database. */
export interface PostgresProps extends ServiceOptions {
  /**
   * Major version (or a full tag such as `16.4`).
   * @default '16'
   */
  readonly version?: string;
  /**
   * Image variant appended to the version.
   * @default 'alpine'
   */
  readonly variant?: string;
  /**
   * Database created at first start.
   * @default the App name
   */
  readonly database?: string;
  /**
   * Owner role of the database.
   * @default 'app'
   */
  readonly user?: string;
  /**
   * Password.
   * @default a generated secret (`alnum-32`, safe in URLs)
   */
  readonly password?: Secret;
  /** Extensions created at first start, e.g. `['uuid-ossp', 'pgcrypto']`. */
  readonly extensions?: readonly string[];
  /**
   * SQL files run once at first start, after the extensions, in order. Paths relative to the
   * folder of `infra.ts` (e.g. `./db/schema.sql`).
   */
  readonly initScripts?: readonly string[];
  /** Server parameters passed as `-c name=value`, e.g. `{ max_connections: 200, shared_buffers: '256MB' }`. */
  readonly tuning?: Readonly<Record<string, string | number>>;
  /**
   * Data volume.
   * @default a volume named `<service>-data`
   */
  readonly volume?: Volume;
}

const IDENT = /^[a-z_][a-z0-9_]*$/;
const VERSION = /^\d+(\.\d+){0,2}$/;
const POSTGRES_KEYS = ['version', 'variant', 'database', 'user', 'password', 'extensions', 'initScripts', 'tuning', 'volume'];
const EXTENSION = /^[a-z0-9_-]+$/;

const POSTGRES_SYMBOL = Symbol.for('@slipway/constructs.Postgres');

/**
 * PostgreSQL, private by default: no published port, its own internal network joined only by
 * the services that use {@link Postgres.url}, data on a named volume, a `pg_isready` health check.
 */
export class Postgres extends Service implements IFileProducer {
  static isPostgres(x: unknown): x is Postgres {
    return typeof x === 'object' && x !== null && POSTGRES_SYMBOL in x;
  }

  readonly database: string;
  readonly user: string;
  readonly password: Secret;
  readonly volume: Volume;
  readonly extensions: readonly string[];
  readonly initScripts: readonly string[];
  readonly tuning: ReadonlyArray<readonly [string, string]>;

  constructor(scope: Construct, id: string, props: PostgresProps = {}) {
    props ??= {}; // null from a JavaScript caller means no props
    const version = props.version ?? '16';
    const tuning = Object.entries(props.tuning ?? {}).map(([k, v]) => [k, String(v)] as const);
    const database = props.database ?? 'app';
    const user = props.user ?? 'app';
    super(scope, id, {
      ...props,
      user: undefined, // `user` here is the database role; the container keeps the image's own user
      image: `postgres:${version}${props.variant === '' ? '' : `-${props.variant ?? 'alpine'}`}`,
      role: 'database',
      port: 5432,
      command: props.command ?? (tuning.length ? ['postgres', ...tuning.flatMap(([k, v]) => ['-c', `${k}=${v}`])] : undefined),
      healthCheck:
        props.healthCheck ??
        HealthCheck.command(['pg_isready', '-U', user, '-d', database], { interval: '5s', timeout: '5s', retries: 10, startPeriod: '20s' }),
      stopGracePeriod: props.stopGracePeriod ?? '60s',
      pidsLimit: props.pidsLimit ?? postgresPidsLimit(tuning),
    });
    Object.defineProperty(this, POSTGRES_SYMBOL, { value: true });
    this.allowProps(POSTGRES_KEYS);
    this.database = database;
    this.user = user;
    this.password = Secret.isSecret(props.password) ? props.password : new Secret(this, 'password', { generate: 'alnum-32', description: `password of the "${user}" role` });
    this.volume = props.volume ?? new Volume(this, 'data');
    this.extensions = props.extensions ?? [];
    this.initScripts = props.initScripts ?? [];
    this.tuning = tuning;
    this.addEnv('POSTGRES_DB', database);
    this.addEnv('POSTGRES_USER', user);
    this.addEnv('POSTGRES_PASSWORD', this.password);
    this.addMount({ volume: this.volume, target: '/var/lib/postgresql/data' });
    // The image runs /docker-entrypoint-initdb.d/* once, in name order, on an empty data volume.
    if (this.extensions.length) this.addMount({ outputFile: this.extensionsFile, target: '/docker-entrypoint-initdb.d/00-extensions.sql' });
    this.initScripts.forEach((script, i) => {
      this.addMount({ bind: script, target: `/docker-entrypoint-initdb.d/${String(i + 10).padStart(2, '0')}-${basename(script)}`, readOnly: true });
    });

    const a = Annotations.of(this);
    if (typeof version !== 'string' || !VERSION.test(version)) {
      a.addError(`version ${JSON.stringify(version)} is not a PostgreSQL version.`, `write a major version such as '16' or a full one such as '16.4' (tags like 'latest' float).`);
    }
    if (props.variant !== undefined && !/^[a-z0-9]*$/.test(props.variant)) {
      a.addError(`variant ${JSON.stringify(props.variant)} is not an image variant.`, `use 'alpine', 'bookworm' or '' (Debian).`);
    }
    if (props.password !== undefined && !Secret.isSecret(props.password)) {
      a.addError('password is not a Secret (a literal password would be written into docker-compose.yml).', `set password: new Secret(app, 'db-password', { generate: 'alnum-32' }), or leave it out for a generated one.`);
    }
    if (!IDENT.test(database)) a.addError(`database name "${database}" is not a plain identifier.`, 'use lowercase letters, digits and "_" (e.g. "shop").');
    if (!IDENT.test(user)) a.addError(`user name "${user}" is not a plain identifier.`, 'use lowercase letters, digits and "_" (e.g. "app").');
    for (const e of this.extensions) {
      if (!EXTENSION.test(e)) a.addError(`extension name "${e}" is not valid.`, 'use the name from `CREATE EXTENSION`, e.g. "pgcrypto".');
    }
    for (const [k, v] of Object.entries(props.tuning ?? {})) {
      const problem = tuningProblem(k, v);
      if (problem?.warning) a.addWarning(problem.warning, problem.message, problem.fix);
      else if (problem) a.addError(problem.message, problem.fix);
    }
    if (Secret.isSecret(props.password) && !props.password.urlSafe) {
      a.addWarning(
        'url-unsafe-secret',
        `the password ${props.password.variable} may contain characters that break ${'`url`'}.`,
        `generate it with an alnum or hex recipe, or percent-encode it in .env.`,
      );
    }
  }

  /** Path, in the output folder, of the SQL that creates the extensions. */
  get extensionsFile(): string {
    return `postgres/${this.name}/00-extensions.sql`;
  }

  produceFiles(): OutputFile[] {
    if (!this.extensions.length) return [];
    return [new TextFile(this.extensionsFile, renderExtensionsSql(this.extensions, this.database), { comment: '--', owner: this })];
  }

  /** `postgresql://user:password@host:5432/database`, for the services that need the database. */
  get url(): Reference {
    return Tokens.concat(this, `the URL of ${this.node.path}`, [
      `postgresql://${this.user}:`,
      this.password.value,
      `@${this.name}:5432/${this.database}`,
    ]);
  }

  /**
   * The host name other services use (`db`), as a reference: like {@link Postgres.url}, using it
   * wires the network and `depends_on`. It reads as the plain name in a template string.
   */
  get host(): Reference {
    return Tokens.concat(this, `the host of ${this.node.path}`, [this.name]);
  }

  /**
   * `jdbc:postgresql://host:5432/database`, for Spring (`SPRING_DATASOURCE_URL`) and other JDBC
   * clients, which take the user and password separately ({@link Postgres.user},
   * {@link Postgres.password}).
   */
  get jdbcUrl(): Reference {
    return Tokens.concat(this, `the JDBC URL of ${this.node.path}`, [`jdbc:postgresql://${this.name}:5432/${this.database}`]);
  }
}

/** Postgres forks a process per connection, plus ~20 workers: leave room for max_connections. */
function postgresPidsLimit(tuning: ReadonlyArray<readonly [string, string]>): number {
  const max = Number(tuning.find(([k]) => k === 'max_connections')?.[1]);
  return Number.isSafeInteger(max) ? Math.max(DEFAULT_PIDS_LIMIT, max + 128) : DEFAULT_PIDS_LIMIT;
}
