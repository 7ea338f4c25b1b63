import { Annotations, TextFile, type IFileProducer, type OutputFile } from '@slipway/core';
import { Construct } from 'constructs';
import type { Postgres } from '../postgres.js';
import { Secret } from '../secret.js';

/** Properties of a {@link PostgresAdminUser}. */
export interface PostgresAdminUserProps {
  /**
   * Role name.
   * @default `admin`
   */
  readonly user?: string;
  /**
   * Password.
   * @default a generated secret (`alnum-32`)
   */
  readonly password?: Secret;
}

/**
 * A first human admin role on a {@link Postgres} database, separate from the application's role,
 * created once when the data volume is initialised. Name and password come from the environment
 * (`POSTGRES_ADMIN_USER`, `POSTGRES_ADMIN_PASSWORD`): with an empty name, nothing is created.
 *
 * @example
 * new PostgresAdminUser(db, 'admin', { user: 'alice' });
 */
export class PostgresAdminUser extends Construct implements IFileProducer {
  readonly user: string;
  readonly password: Secret;
  private readonly db: Postgres;

  constructor(db: Postgres, id: string, props: PostgresAdminUserProps = {}) {
    props ??= {}; // null from a JavaScript caller means no props
    super(db, id);
    this.db = db;
    this.user = props.user ?? 'admin';
    this.password = props.password ?? new Secret(this, 'password', { generate: 'alnum-32', description: `password of the "${this.user}" admin role` });
    db.addEnv('POSTGRES_ADMIN_USER', this.user);
    db.addEnv('POSTGRES_ADMIN_PASSWORD', this.password);
    db.addMount({ outputFile: this.file, target: '/docker-entrypoint-initdb.d/05-admin-user.sh', readOnly: true });
    if (!/^[a-z_][a-z0-9_]*$/.test(this.user) || this.user === db.user) {
      Annotations.of(this).addError(`admin role "${this.user}" must be a plain identifier other than the app's role "${db.user}".`, `use e.g. user: 'admin'.`);
    }
  }

  /** Path of the init script in the output folder. */
  get file(): string {
    return `postgres/${this.db.name}/05-admin-user.sh`;
  }

  produceFiles(): OutputFile[] {
    // Executable: the entrypoint runs executable .sh files, and would *source* (and exit with) the others.
    return [new TextFile(this.file, renderAdminUserScript(), { owner: this, preamble: ['#!/bin/sh'], mode: 0o755 })];
  }
}

/**
 * The init script: run by the postgres image's entrypoint (as the superuser, on the local
 * socket). psql variables quote the name and password, so no value is ever pasted into SQL.
 */
export function renderAdminUserScript(): string {
  return [
    '# Creates the first admin role, once, when the data volume is empty.',
    'set -eu',
    'if [ -z "${POSTGRES_ADMIN_USER:-}" ]; then',
    '  echo "05-admin-user: POSTGRES_ADMIN_USER is empty, no admin role created"',
    '  exit 0',
    'fi',
    ': "${POSTGRES_ADMIN_PASSWORD:?POSTGRES_ADMIN_PASSWORD is not set}"',
    'psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \\',
    '  -v admin="$POSTGRES_ADMIN_USER" -v password="$POSTGRES_ADMIN_PASSWORD" -v db="$POSTGRES_DB" <<\'SQL\'',
    "CREATE ROLE :\"admin\" WITH LOGIN CREATEDB CREATEROLE PASSWORD :'password';",
    'GRANT ALL PRIVILEGES ON DATABASE :"db" TO :"admin";',
    'GRANT pg_read_all_data, pg_write_all_data TO :"admin";',
    'SQL',
    'echo "05-admin-user: created admin role $POSTGRES_ADMIN_USER"',
  ].join('\n');
}
