import { Annotations, TextFile, Tokens, type IFileProducer, type OutputFile, type Reference } from '@slipway/core';
import { basename } from 'node:path';
import { renderExtensionsSql } from './postgres-init-sql.js';
import type { Construct } from 'constructs';
import { HealthCheck } from './health-check.js';
import { Secret } from './secret.js';
import { Service, type ServiceOptions } from './service.js';
import { Volume } from './volume.js';

/** Properties of a {@link Postgres} database. */
export interface PostgresProps extends ServiceOptions {
  /** Major version (or a full tag such as `16.4`). Default: `16`. */
  readonly version?: string;
  /** Image variant appended to the version. Default: `alpine`. */
  readonly variant?: string;
  /** Database created at first start. Default: the App name. */
  readonly database?: string;
  /** Owner role of the database. Default: `app`. */
  readonly user?: string;
  /** Password. Default: a generated secret (`alnum-32`, safe in URLs). */
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
  /** Data volume. Default: a volume named `<service>-data`. */
  readonly volume?: Volume;
}

const IDENT = /^[a-z_][a-z0-9_]*$/;
const EXTENSION = /^[a-z0-9_-]+$/;

/**
 * PostgreSQL, private by default: no published port, its own internal network joined only by
 * the services that use {@link Postgres.url}, data on a named volume, a `pg_isready` health check.
 */
export class Postgres extends Service implements IFileProducer {
  readonly database: string;
  readonly user: string;
  readonly password: Secret;
  readonly volume: Volume;
  readonly extensions: readonly string[];
  readonly initScripts: readonly string[];
  readonly tuning: ReadonlyArray<readonly [string, string]>;

  constructor(scope: Construct, id: string, props: PostgresProps = {}) {
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
    });
    this.database = database;
    this.user = user;
    this.password = props.password ?? new Secret(this, 'password', { generate: 'alnum-32', description: `password of the "${user}" role` });
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
    if (!IDENT.test(database)) a.addError(`database name "${database}" is not a plain identifier.`, 'use lowercase letters, digits and "_" (e.g. "shop").');
    if (!IDENT.test(user)) a.addError(`user name "${user}" is not a plain identifier.`, 'use lowercase letters, digits and "_" (e.g. "app").');
    for (const e of this.extensions) {
      if (!EXTENSION.test(e)) a.addError(`extension name "${e}" is not valid.`, 'use the name from `CREATE EXTENSION`, e.g. "pgcrypto".');
    }
    for (const k of Object.keys(props.tuning ?? {})) {
      if (!IDENT.test(k)) a.addError(`tuning parameter "${k}" is not a PostgreSQL setting name.`, 'use names from postgresql.conf, e.g. "shared_buffers".');
    }
    if (props.password && !props.password.urlSafe) {
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

  /** The host name other services use (`db`). */
  get host(): string {
    return this.name;
  }
}
