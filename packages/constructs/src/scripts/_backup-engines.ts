import type { BackupEngine, BackupModel } from '../model/ops-model.js';

/** The engines of a stack's backups, in a stable order (PostgreSQL first). */
export function backupEngines(backups: readonly BackupModel[]): BackupEngine[] {
  const present = new Set(backups.map((b) => b.engine ?? 'postgres'));
  if (!present.size) present.add('postgres');
  return (['postgres', 'mariadb', 'mysql'] as const).filter((e) => present.has(e));
}

/** File extension of a dump: PostgreSQL's custom format, or gzip'd SQL. */
export function dumpExtension(engine: BackupEngine | undefined): string {
  return (engine ?? 'postgres') === 'postgres' ? 'dump' : 'sql.gz';
}

/** What the runbook calls the dump tool. */
export function dumpToolName(engine: BackupEngine | undefined): string {
  return { postgres: 'pg_dump', mariadb: 'mariadb-dump', mysql: 'mysqldump' }[engine ?? 'postgres'];
}

const isMysqlFamily = (e: BackupEngine) => e === 'mariadb' || e === 'mysql';

/**
 * Shell lines that pick the engine from `BACKUP_ENGINE` (absent: PostgreSQL), check its
 * variables and set `EXT` (dump extension) and `DB_NAME` (the database inside the server).
 */
export function engineSetup(engines: readonly BackupEngine[], script: 'backup' | 'restore'): string[] {
  const mysql = engines.some(isMysqlFamily);
  return [
    'case "${BACKUP_ENGINE:-postgres}" in',
    ...(engines.includes('postgres')
      ? [
          '  postgres)',
          '    : "${PGHOST:?PGHOST is not set}" "${PGUSER:?PGUSER is not set}" "${PGDATABASE:?PGDATABASE is not set}"',
          '    EXT=dump',
          '    DB_NAME="$PGDATABASE"',
          ...(script === 'backup' ? ['    DUMP_TOOL=pg_dump'] : []),
          '    ;;',
        ]
      : []),
    ...(mysql
      ? [
          '  mariadb|mysql)',
          '    : "${MYSQL_HOST:?MYSQL_HOST is not set}" "${BACKUP_DB_PASSWORD:?BACKUP_DB_PASSWORD is not set}" "${BACKUP_DATABASE:?BACKUP_DATABASE is not set}"',
          '    EXT=sql.gz',
          '    DB_NAME="$BACKUP_DATABASE"',
          '    # The client tools are mariadb-* in MariaDB images, mysql* in MySQL\'s.',
          script === 'backup'
            ? '    if command -v mariadb-dump >/dev/null 2>&1; then DUMP_TOOL=mariadb-dump; else DUMP_TOOL=mysqldump; fi'
            : '    if command -v mariadb >/dev/null 2>&1; then SQL_TOOL=mariadb; else SQL_TOOL=mysql; fi',
          '    ;;',
        ]
      : []),
    '  *) fail "unknown BACKUP_ENGINE \'${BACKUP_ENGINE:-}\'" ;;',
    'esac',
  ];
}

/** Client options of the MySQL tools in a file, so the root password is on no command line. */
const MYSQL_CLIENT_CONFIG = [
  'client_config() {',
  '  cnf="$(mktemp)" || return 1',
  `  printf '[client]\\nuser=root\\npassword="%s"\\nhost=%s\\nport=%s\\n' "$BACKUP_DB_PASSWORD" "$MYSQL_HOST" "\${MYSQL_TCP_PORT:-3306}" >"$cnf"`,
  '}',
];

/** `dump_db FILE`: writes one compressed dump of `DB_NAME` to FILE; non-zero on failure. */
export function dumpFunction(engines: readonly BackupEngine[]): string[] {
  const mysql = engines.some(isMysqlFamily);
  return [
    ...(mysql ? [...MYSQL_CLIENT_CONFIG, ''] : []),
    'dump_db() {',
    '  case "${BACKUP_ENGINE:-postgres}" in',
    ...(engines.includes('postgres') ? ['    postgres) pg_dump --format=custom --compress=6 --file="$1" "$PGDATABASE" ;;'] : []),
    ...(mysql
      ? [
          '    *)',
          '      client_config || return 1',
          '      # --single-transaction: a consistent InnoDB snapshot without locking the tables.',
          '      if "$DUMP_TOOL" --defaults-extra-file="$cnf" --single-transaction --routines --triggers --events --hex-blob "$DB_NAME" >"$1.sql"; then',
          '        rm -f "$cnf"',
          '        gzip -6 "$1.sql" && mv "$1.sql.gz" "$1"',
          '      else',
          '        rm -f "$cnf" "$1.sql"',
          '        return 1',
          '      fi',
          '      ;;',
        ]
      : []),
    '  esac',
    '}',
  ];
}

/** Restore: connectivity check, `exists`, drop, create and load, per engine (reads $dump, $target, $replace). */
export function restoreLines(engines: readonly BackupEngine[]): string[] {
  const mysql = engines.some(isMysqlFamily);
  const pg = [
    `exists="$(psql -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$target'")" || fail "cannot connect to $PGHOST"`,
    'if [ "$exists" = 1 ]; then',
    '  [ "$replace" = yes ] || fail "database $target already exists: choose another name, or add --replace to drop it first"',
    '  log "dropping database $target"',
    '  psql -d postgres -v ON_ERROR_STOP=1 -qc "DROP DATABASE \\"$target\\" WITH (FORCE)" || fail "cannot drop $target"',
    'fi',
    'psql -d postgres -v ON_ERROR_STOP=1 -qc "CREATE DATABASE \\"$target\\"" || fail "cannot create $target"',
    'log "restoring $(basename "$dump") into $target"',
    'pg_restore --no-owner --exit-on-error --dbname="$target" "$dump" || fail "pg_restore failed; $target is incomplete (drop it, or restore again with --replace)"',
  ];
  const my = [
    ...MYSQL_CLIENT_CONFIG,
    'client_config || fail "cannot write the client configuration"',
    `trap 'rm -f "$cnf"' EXIT`,
    `exists="$("$SQL_TOOL" --defaults-extra-file="$cnf" -N -e "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '$target'")" || fail "cannot connect to $MYSQL_HOST"`,
    'if [ "$exists" = 1 ]; then',
    '  [ "$replace" = yes ] || fail "database $target already exists: choose another name, or add --replace to drop it first"',
    '  log "dropping database $target"',
    '  "$SQL_TOOL" --defaults-extra-file="$cnf" -e "DROP DATABASE \\`$target\\`" || fail "cannot drop $target"',
    'fi',
    '"$SQL_TOOL" --defaults-extra-file="$cnf" -e "CREATE DATABASE \\`$target\\`" || fail "cannot create $target"',
    'log "restoring $(basename "$dump") into $target"',
    'gunzip -c "$dump" | "$SQL_TOOL" --defaults-extra-file="$cnf" "$target" || fail "$SQL_TOOL failed; $target is incomplete (drop it, or restore again with --replace)"',
    '# The application user may use what it restores.',
    `if [ -n "\${BACKUP_APP_USER:-}" ]; then "$SQL_TOOL" --defaults-extra-file="$cnf" -e "GRANT ALL ON \\\`$target\\\`.* TO '$BACKUP_APP_USER'@'%'" || fail "cannot grant $target to $BACKUP_APP_USER"; fi`,
  ];
  if (!mysql) return pg;
  if (!engines.includes('postgres')) return my;
  return ['restore_postgres() {', ...pg.map((l) => `  ${l}`), '}', 'restore_mysql() {', ...my.map((l) => `  ${l}`), '}', 'if [ "${BACKUP_ENGINE:-postgres}" = postgres ]; then restore_postgres; else restore_mysql; fi'];
}

/** A command that lists the tables of a restored database, run in the database's container. */
export function listTablesCommand(b: BackupModel, database: string): string {
  switch (b.engine ?? 'postgres') {
    case 'mariadb':
      return `docker compose exec ${b.database} sh -c 'MYSQL_PWD="$MARIADB_ROOT_PASSWORD" mariadb -uroot -e "SHOW TABLES" ${database}'`;
    case 'mysql':
      return `docker compose exec ${b.database} sh -c 'MYSQL_PWD="$MYSQL_ROOT_PASSWORD" mysql -uroot -e "SHOW TABLES" ${database}'`;
    default:
      return `docker compose exec ${b.database} psql -U "$(docker compose exec ${b.database} printenv POSTGRES_USER | tr -d '\\r')" -d ${database} -c '\\dt'`;
  }
}
