import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, sh } from './_support/engine.js';
import { step } from './_support/report.js';
import { EngineStack } from './_support/stack.js';

// Backing services on a real engine (fixture test/engine/fixtures/services): the MariaDB stand-in
// (Debian's MariaDB server behind the official image's entry point and healthcheck.sh) and the
// RabbitMQ stand-in (Debian's broker), the app stand-in reaching both through db.url and mq.url,
// a backup → restore round trip on the real database, and scheduled jobs run by cron.
const NAME = 'services';
const stack = new EngineStack('test/engine/fixtures/services', 'deploy', NAME);
const api = (path: string) => sh(`curl -sS -m 5 http://127.0.0.1:3300${path}`);
/** SQL as root in the database container; the password stays in the container's environment. */
const sql = (query: string, database = '') =>
  stack.exec('db', `MYSQL_PWD="$MARIADB_ROOT_PASSWORD" mariadb -uroot -N -e "${query.replace(/"/g, '\\"')}" ${database}`);

describe('backing services on a real engine', () => {
  beforeAll(() => {
    stack.synth().initSecrets();
  });
  afterAll(() => {
    stack.destroy();
  });

  it('GIVEN a fresh server WHEN ./deploy.sh runs THEN MariaDB, the api and the backup service are up and healthy', async () => {
    await step(NAME, 'up', () => {
      const r = stack.deploy();
      expect(r.code, r.stdout + r.stderr).toBe(0);
    });
    await step(NAME, 'healthy', () => {
      expect(stack.states()).toEqual({ api: 'healthy', db: 'healthy', 'db-backup': 'running', failing: 'healthy', mq: 'healthy', report: 'healthy' });
    });
  });

  it('THEN the api reaches MariaDB as its own user in its database, and RabbitMQ in its vhost, through internal networks only', async () => {
    await step(NAME, 'healthy', () => {
      // A query as the app user in "shop", and a full AMQP handshake into the vhost "orders".
      expect(api('/health').stdout.trim()).toBe('amqp=orders mysql=shop');
      expect(sh(`docker network inspect -f '{{.Internal}}' ${NAME}_mq-net`).stdout.trim()).toBe('true');
      expect(stack.inspect('mq', '{{json .NetworkSettings.Ports}}')).not.toContain('HostPort');
      // The tuning reached the server.
      expect(sql('SELECT @@innodb_buffer_pool_size, @@max_connections').stdout.trim().split(/\s+/)).toEqual([String(64 * 1024 * 1024), '50']);
      // The application user sees its database only; root and the app have different passwords.
      const grants = stack.exec('db', `MYSQL_PWD="$MARIADB_PASSWORD" mariadb -uapp -h127.0.0.1 -N -e 'SHOW DATABASES'`);
      expect(grants.stdout.trim().split('\n').sort()).toEqual(['information_schema', 'shop']);
      const env = stack.exec('db', 'test "$MARIADB_PASSWORD" != "$MARIADB_ROOT_PASSWORD" && echo different');
      expect(env.stdout.trim()).toBe('different');
      // No port published; the database network has no route out.
      expect(stack.inspect('db', '{{json .NetworkSettings.Ports}}')).not.toContain('HostPort');
      expect(sh(`docker network inspect -f '{{.Internal}}' ${NAME}_db-net`).stdout.trim()).toBe('true');
    });
  });

  it('WHEN backup.sh runs THEN restore.sh brings the rows back into a new database, and the app user may use it', async () => {
    await step(NAME, 'backup round trip', () => {
      expect(sql(`CREATE TABLE orders (id INT PRIMARY KEY AUTO_INCREMENT, total DECIMAL(10,2)) ENGINE=InnoDB;
        INSERT INTO orders (total) SELECT seq * 1.5 FROM seq_1_to_500;`, 'shop').code).toBe(0);
      const b = sh('./backup.sh', { cwd: stack.dir, timeoutMs: 120_000 });
      expect(b.code, b.stdout + b.stderr).toBe(0);
      const dumps = readdirSync(join(stack.dir, 'backups/db')).filter((f) => f.endsWith('.sql.gz'));
      expect(dumps).toHaveLength(1);
      expect(dumps[0]).toMatch(/^db-\d{8}-\d{6}\.sql\.gz$/);
      expect(sh(`stat -c %a backups/db/${dumps[0]}`, { cwd: stack.dir }).stdout.trim()).toBe('600');
      // Production changes after the dump.
      sql('DELETE FROM orders WHERE id > 10', 'shop');
      const r = sh(`./restore.sh backups/db/${dumps[0]} shop_restore`, { cwd: stack.dir, timeoutMs: 120_000 });
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(sql('SELECT COUNT(*), SUM(total) FROM orders', 'shop_restore').stdout.trim().split(/\s+/)).toEqual(['500', '187875.00']);
      expect(sql('SELECT COUNT(*) FROM orders', 'shop').stdout.trim()).toBe('10');
      const asApp = stack.exec('db', `MYSQL_PWD="$MARIADB_PASSWORD" mariadb -uapp -h127.0.0.1 -N -e 'SELECT COUNT(*) FROM orders' shop_restore`);
      expect(asApp.stdout.trim()).toBe('500');
      // A second restore into the same name is refused without --replace.
      const again = sh(`./restore.sh backups/db/${dumps[0]} shop_restore`, { cwd: stack.dir, timeoutMs: 120_000 });
      expect(again.code).not.toBe(0);
      expect(again.stderr + again.stdout).toContain('already exists');
      const replace = sh(`./restore.sh backups/db/${dumps[0]} shop --replace`, { cwd: stack.dir, timeoutMs: 120_000 });
      expect(replace.code, replace.stdout + replace.stderr).toBe(0);
      expect(sql('SELECT COUNT(*) FROM orders', 'shop').stdout.trim()).toBe('500');
    });
  });

  it('THEN a job runs on its schedule in a real container (cron), as the app user with the app environment; a failed run shows as unhealthy', async () => {
    await step(NAME, 'healthy', async () => {
      const logs = (service: string) => stack.compose(`logs --no-log-prefix ${service}`);
      // Runs start at the top of each minute: at most ~60 s plus the run.
      const ran = await eventually(() => /exited with status 0/.test(logs('report')), 100, 1000);
      expect(ran, logs('report')).toBe(true);
      expect(logs('report')).toContain('report ok uid=1000 broker=mq:5672/orders');
      expect(logs('report')).not.toMatch(/MQ_PASSWORD|amqp:\/\/app:/);
      expect(stack.health('report')).toBe('healthy');
      // The runbook's "run now": the same wrapper cron runs.
      const now = sh('docker compose exec -T failing sh /slipway-job/run-job.sh', { cwd: stack.dir, timeoutMs: 60_000 });
      expect(now.code, now.stderr).toBe(3);
      const failed = await eventually(() => stack.health('failing') === 'unhealthy', 30, 1000);
      expect(failed, logs('failing')).toBe(true);
      expect(logs('failing')).toContain('failing on purpose');
      expect(logs('failing')).toContain('exited with status 3');
      expect(stack.compose('ps failing')).toContain('unhealthy');
      expect(stack.exec('failing', 'cat /run/slipway-job.status').stdout).toMatch(/^3 \d{4}-/);
    });
  });
});
