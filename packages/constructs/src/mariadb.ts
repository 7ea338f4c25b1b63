import type { Construct } from 'constructs';
import { HealthCheck } from './health-check.js';
import { MySqlCompatible, type MySqlCompatibleProps } from './mysql-compatible.js';

/** Properties of a {@link MariaDb} database. */
export interface MariaDbProps extends MySqlCompatibleProps {}

const MARIADB_SYMBOL = Symbol.for('@slipway/constructs.MariaDb');

/**
 * MariaDB from the official `mariadb` image, private by default. Its health check is the image's
 * own `healthcheck.sh --connect --innodb_initialized`: healthy once the real server (not the
 * temporary one of the first start) accepts TCP connections and InnoDB is ready.
 *
 * @example
 * const db = new MariaDb(app, 'db', { database: 'wordpress', innodbBufferPoolSize: '256M' });
 * new Service(app, 'wordpress', { image: 'wordpress:6.6-apache', env: {
 *   WORDPRESS_DB_HOST: db.host, WORDPRESS_DB_USER: db.user, WORDPRESS_DB_PASSWORD: db.password, WORDPRESS_DB_NAME: db.database } });
 */
export class MariaDb extends MySqlCompatible {
  static isMariaDb(x: unknown): x is MariaDb {
    return typeof x === 'object' && x !== null && MARIADB_SYMBOL in x;
  }

  constructor(scope: Construct, id: string, props: MariaDbProps = {}) {
    super(scope, id, props, {
      engine: 'mariadb',
      title: 'MariaDB',
      defaultVersion: '11.4',
      envPrefix: 'MARIADB_',
      jdbc: 'mariadb',
      healthCheck: () => HealthCheck.command(['healthcheck.sh', '--connect', '--innodb_initialized'], { interval: '5s', timeout: '5s', retries: 10, startPeriod: '30s' }),
      // After an image upgrade, the entry point upgrades the system tables (after a backup of them).
      extraEnv: [['MARIADB_AUTO_UPGRADE', '1']],
    });
    Object.defineProperty(this, MARIADB_SYMBOL, { value: true });
  }
}
