import type { BackupEngine, BackupModel } from '../model/ops-model.js';
import { shQuoted } from '../formats/shell.js';

/** The engines of a stack's backups, in a stable order (PostgreSQL first). */
export function backupEngines(backups: readonly BackupModel[]): BackupEngine[] {
  const present = new Set(backups.map((b) => b.engine ?? 'postgres'));
  if (!present.size) present.add('postgres');
  return (['postgres', 'mariadb', 'mysql', 'mongodb', 'minio'] as const).filter((e) => present.has(e));
}

/**
 * File extension of a dump: PostgreSQL's custom format, gzip'd SQL, a gzip'd mongodump archive,
 * or (MinIO) a folder holding the bucket's objects.
 */
export function dumpExtension(engine: BackupEngine | undefined): string {
  return { postgres: 'dump', mariadb: 'sql.gz', mysql: 'sql.gz', mongodb: 'archive.gz', minio: 'mirror' }[engine ?? 'postgres'];
}

/** What the runbook calls the dump tool. */
export function dumpToolName(engine: BackupEngine | undefined): string {
  return { postgres: 'pg_dump', mariadb: 'mariadb-dump', mysql: 'mysqldump', mongodb: 'mongodump', minio: 'mc mirror' }[engine ?? 'postgres'];
}

/** Default name of a restored copy: `<name>_restore`, or `<bucket>-restore` (no "_" in bucket names). */
export function restoreName(engine: BackupEngine | undefined, name: string): string {
  return engine === 'minio' ? `${name}-restore` : `${name}_restore`;
}

const isMysqlFamily = (e: BackupEngine) => e === 'mariadb' || e === 'mysql';

/**
 * Shell lines that pick the engine from `BACKUP_ENGINE` (absent: PostgreSQL), check its
 * variables and set `EXT` (dump extension) and `DB_NAME` (the database inside the server).
 */
export function engineSetup(engines: readonly BackupEngine[], script: 'backup' | 'restore'): string[] {
  const lines = engineCases(engines, script);
  // DB_HOST names the server in backup.sh's log only.
  return script === 'backup' ? lines : lines.filter((l) => !l.startsWith('    DB_HOST='));
}

function engineCases(engines: readonly BackupEngine[], script: 'backup' | 'restore'): string[] {
  const mysql = engines.some(isMysqlFamily);
  return [
    'case "${BACKUP_ENGINE:-postgres}" in',
    ...(engines.includes('postgres')
      ? [
          '  postgres)',
          '    : "${PGHOST:?PGHOST is not set}" "${PGUSER:?PGUSER is not set}" "${PGDATABASE:?PGDATABASE is not set}"',
          '    EXT=dump',
          '    DB_NAME="$PGDATABASE"',
          '    DB_HOST="$PGHOST"',
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
          '    DB_HOST="$MYSQL_HOST"',
          '    # The client tools are mariadb-* in MariaDB images, mysql* in MySQL\'s.',
          script === 'backup'
            ? '    if command -v mariadb-dump >/dev/null 2>&1; then DUMP_TOOL=mariadb-dump; else DUMP_TOOL=mysqldump; fi'
            : '    if command -v mariadb >/dev/null 2>&1; then SQL_TOOL=mariadb; else SQL_TOOL=mysql; fi',
          '    ;;',
        ]
      : []),
    ...(engines.includes('mongodb')
      ? [
          '  mongodb)',
          '    : "${MONGO_HOST:?MONGO_HOST is not set}" "${BACKUP_DB_PASSWORD:?BACKUP_DB_PASSWORD is not set}" "${BACKUP_DATABASE:?BACKUP_DATABASE is not set}"',
          '    EXT=archive.gz',
          '    DB_NAME="$BACKUP_DATABASE"',
          '    DB_HOST="$MONGO_HOST"',
          ...(script === 'backup' ? ['    DUMP_TOOL=mongodump'] : []),
          '    ;;',
        ]
      : []),
    ...(engines.includes('minio')
      ? [
          '  minio)',
          '    : "${MINIO_HOST:?MINIO_HOST is not set}" "${BACKUP_DB_PASSWORD:?BACKUP_DB_PASSWORD is not set}" "${BACKUP_DATABASE:?BACKUP_DATABASE is not set}"',
          '    EXT=mirror',
          '    DB_NAME="$BACKUP_DATABASE"',
          '    DB_HOST="$MINIO_HOST"',
          '    # The root credentials reach mc through its alias variable, never its command line.',
          '    MC_HOST_slipway="http://root:${BACKUP_DB_PASSWORD}@${MINIO_HOST}:9000"',
          '    export MC_HOST_slipway',
          ...(script === 'backup' ? ["    DUMP_TOOL='mc mirror'"] : []),
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

/** The MongoDB tools read the root password from a YAML file (`--config`), not their command line. */
const MONGO_TOOLS_CONFIG = [
  'mongo_config() {',
  '  cfg="$(mktemp)" || return 1',
  `  printf "password: '%s'\\n" "$(printf '%s' "$BACKUP_DB_PASSWORD" | sed "s/'/''/g")" >"$cfg"`,
  '}',
];

/** mongosh connected as root, the password read from the environment by the script itself. */
const MONGOSH = (script: string) =>
  `mongosh --quiet --norc --nodb --eval ${shQuoted(`const m = new Mongo('mongodb://' + process.env.MONGO_HOST + ':27017'); m.getDB('admin').auth('root', process.env.BACKUP_DB_PASSWORD); ${script}`)}`;

/** `dump_db FILE`: writes one compressed dump of `DB_NAME` to FILE; non-zero on failure. */
export function dumpFunction(engines: readonly BackupEngine[]): string[] {
  const mysql = engines.some(isMysqlFamily);
  return [
    ...(mysql ? [...MYSQL_CLIENT_CONFIG, ''] : []),
    ...(engines.includes('mongodb') ? [...MONGO_TOOLS_CONFIG, ''] : []),
    'dump_db() {',
    '  case "${BACKUP_ENGINE:-postgres}" in',
    ...(engines.includes('postgres') ? ['    postgres) pg_dump --format=custom --compress=6 --file="$1" "$PGDATABASE" ;;'] : []),
    ...(engines.includes('mongodb')
      ? [
          '    mongodb)',
          '      mongo_config || return 1',
          '      if mongodump --host="$MONGO_HOST" --port=27017 --username=root --authenticationDatabase=admin --config="$cfg" --db="$DB_NAME" --archive="$1" --gzip --quiet; then',
          '        rm -f "$cfg"',
          '      else',
          '        rm -f "$cfg"',
          '        return 1',
          '      fi',
          '      ;;',
        ]
      : []),
    ...(engines.includes('minio')
      ? [
          '    # Every object of the bucket, into a folder of its own.',
          '    minio) mkdir -p "$1" && mc mirror --quiet --preserve "slipway/$DB_NAME" "$1" >/dev/null ;;',
        ]
      : []),
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
  const mongo = [
    ...MONGO_TOOLS_CONFIG,
    'mongo_config || fail "cannot write the tools\' configuration"',
    `trap 'rm -f "$cfg"' EXIT`,
    'export RESTORE_TARGET="$target"',
    `exists="$(${MONGOSH("print(m.getDBNames().includes(process.env.RESTORE_TARGET) ? 1 : 0)")})" || fail "cannot connect to $MONGO_HOST"`,
    'if [ "$exists" = 1 ]; then',
    '  [ "$replace" = yes ] || fail "database $target already exists: choose another name, or add --replace to drop it first"',
    '  log "dropping database $target"',
    `  ${MONGOSH("m.getDB(process.env.RESTORE_TARGET).dropDatabase()")} >/dev/null || fail "cannot drop $target"`,
    'fi',
    'log "restoring $(basename "$dump") into $target"',
    'mongorestore --host="$MONGO_HOST" --port=27017 --username=root --authenticationDatabase=admin --config="$cfg" --archive="$dump" --gzip --quiet \\',
    '  --nsInclude="$DB_NAME.*" --nsFrom="$DB_NAME.*" --nsTo="$target.*" || fail "mongorestore failed; $target is incomplete (restore again with --replace)"',
    '# The application user (defined in its own database) may use what it restores.',
    `if [ -n "\${BACKUP_APP_USER:-}" ] && [ "$target" != "$DB_NAME" ]; then ${MONGOSH("m.getDB(process.env.BACKUP_DATABASE).grantRolesToUser(process.env.BACKUP_APP_USER, [{ role: 'readWrite', db: process.env.RESTORE_TARGET }])")} >/dev/null || fail "cannot grant $target to $BACKUP_APP_USER"; fi`,
  ];
  const minio = [
    '[ -d "$dump" ] || fail "$dump is not a bucket copy (a folder)"',
    'if mc ls "slipway/$target" >/dev/null 2>&1; then',
    '  [ "$replace" = yes ] || fail "bucket $target already exists: choose another name, or add --replace to make it an exact copy of the backup"',
    '  log "replacing the objects of bucket $target (objects absent from the backup are removed)"',
    '  mc mirror --quiet --overwrite --remove "$dump" "slipway/$target" >/dev/null || fail "mc mirror failed; $target is incomplete (restore again with --replace)"',
    'else',
    '  mc mb --quiet "slipway/$target" >/dev/null || fail "cannot create bucket $target"',
    '  log "restoring $(basename "$dump") into bucket $target"',
    '  mc mirror --quiet "$dump" "slipway/$target" >/dev/null || fail "mc mirror failed; $target is incomplete (restore again with --replace)"',
    'fi',
    '[ "$target" = "$DB_NAME" ] || log "the application\'s key may use bucket $DB_NAME only: copy what you need from $target, or restore into $DB_NAME with --replace"',
  ];
  const bodies: Array<[BackupEngine[], string[]]> = [
    [['postgres'], pg],
    [['mariadb', 'mysql'], my],
    [['mongodb'], mongo],
    [['minio'], minio],
  ];
  const present = bodies.filter(([es]) => es.some((e) => engines.includes(e)));
  if (present.length === 1) return present[0]![1];
  return [
    ...present.flatMap(([es, body]) => [`restore_${es[0]}() {`, ...body.map((l) => `  ${l}`), '}']),
    'case "${BACKUP_ENGINE:-postgres}" in',
    ...present.map(([es]) => `  ${es.join('|')}) restore_${es[0]} ;;`),
    'esac',
  ];
}

/** Restore target names: SQL and MongoDB database names, or S3 bucket names for MinIO. */
export function targetCheck(engines: readonly BackupEngine[]): string[] {
  const database = [
    'case "$target" in',
    '  [a-z_]*) ;;',
    '  *) fail "database name $target must start with a lowercase letter or _" ;;',
    'esac',
    'case "$target" in',
    '  *[!a-z0-9_]*) fail "database name $target may only contain lowercase letters, digits and _" ;;',
    'esac',
  ];
  const bucket = [
    'case "$target" in',
    '  [a-z0-9]*[a-z0-9]) ;;',
    '  *) fail "bucket name $target must start and end with a lowercase letter or digit" ;;',
    'esac',
    'case "$target" in',
    '  *[!a-z0-9.-]*) fail "bucket name $target may only contain lowercase letters, digits, . and -" ;;',
    'esac',
    'if [ "${#target}" -lt 3 ] || [ "${#target}" -gt 63 ]; then fail "bucket name $target must be 3 to 63 characters long"; fi',
  ];
  if (!engines.includes('minio')) return database;
  if (engines.length === 1) return bucket;
  return ['if [ "${BACKUP_ENGINE:-postgres}" = minio ]; then', ...bucket.map((l) => `  ${l}`), 'else', ...database.map((l) => `  ${l}`), 'fi'];
}

/** A command that lists the tables (collections, objects) of a restored copy, run in the database's container. */
export function listTablesCommand(b: BackupModel, database: string): string {
  switch (b.engine ?? 'postgres') {
    case 'mariadb':
      return `docker compose exec ${b.database} sh -c 'MYSQL_PWD="$MARIADB_ROOT_PASSWORD" mariadb -uroot -e "SHOW TABLES" ${database}'`;
    case 'mysql':
      return `docker compose exec ${b.database} sh -c 'MYSQL_PWD="$MYSQL_ROOT_PASSWORD" mysql -uroot -e "SHOW TABLES" ${database}'`;
    case 'mongodb':
      return `docker compose exec ${b.database} mongosh --quiet --norc --nodb --eval ${shQuoted(`const m = new Mongo('mongodb://127.0.0.1:27017'); m.getDB('admin').auth('root', process.env.MONGO_INITDB_ROOT_PASSWORD); printjson(m.getDB('${database}').getCollectionNames())`)}`;
    case 'minio':
      return `docker compose exec ${b.database} sh -c 'MC_HOST_local="http://root:$MINIO_ROOT_PASSWORD@127.0.0.1:9000" mc ls --recursive local/${database} | head -n 20'`;
    default:
      return `docker compose exec ${b.database} psql -U "$(docker compose exec ${b.database} printenv POSTGRES_USER | tr -d '\\r')" -d ${database} -c '\\dt'`;
  }
}
