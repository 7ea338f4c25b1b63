import type { Construct } from 'constructs';
import { HealthCheck } from './health-check.js';
import { MySqlCompatible, type MySqlCompatibleProps } from './mysql-compatible.js';

/** Properties of a {@link MySql} database. */
export interface MySqlProps extends MySqlCompatibleProps {}

const MYSQL_SYMBOL = Symbol.for('@slipway/constructs.MySql');

/**
 * The password of the app user, from the environment or, on Swarm, from the secret file the
 * image reads (`MYSQL_PASSWORD_FILE`).
 */
const APP_PASSWORD = 'MYSQL_PWD="${MYSQL_PASSWORD:-$(cat "${MYSQL_PASSWORD_FILE:-/dev/null}")}"';

/**
 * MySQL from the official `mysql` image, private by default. Its health check logs in over TCP as
 * the application user (`mysqladmin ping`, then `SELECT 1` in the database): the temporary server
 * of the first start listens on no TCP port, so the check passes only once initialisation is done
 * and the user and database exist.
 *
 * @example
 * const db = new MySql(app, 'db', { database: 'shop', innodbBufferPoolSize: '512M' });
 * new Service(app, 'api', { image: 'ghcr.io/acme/api:1.0.0', env: { DATABASE_URL: db.url } });
 */
export class MySql extends MySqlCompatible {
  static isMySql(x: unknown): x is MySql {
    return typeof x === 'object' && x !== null && MYSQL_SYMBOL in x;
  }

  constructor(scope: Construct, id: string, props: MySqlProps = {}) {
    super(scope, id, props, {
      engine: 'mysql',
      title: 'MySQL',
      defaultVersion: '8.4',
      envPrefix: 'MYSQL_',
      jdbc: 'mysql',
      healthCheck: () =>
        HealthCheck.shell(
          `export ${APP_PASSWORD}; mysqladmin ping -h 127.0.0.1 -u "$MYSQL_USER" --silent && mysql -h 127.0.0.1 -u "$MYSQL_USER" -e 'SELECT 1' "$MYSQL_DATABASE" >/dev/null`,
          { interval: '5s', timeout: '5s', retries: 10, startPeriod: '30s' },
        ),
    });
    Object.defineProperty(this, MYSQL_SYMBOL, { value: true });
  }
}
