// WordPress with MariaDB on one server, behind Caddy (HTTPS from Let's Encrypt).
//
//   visitors ─https─▶ blog.example.org ─▶ caddy (80/443) ─▶ wordpress (:80)
//                                                             └─ internal network ─▶ db (MariaDB, volume)
//   db-backup: mariadb-dump every night + the uploads volume, 14 kept
//   admins ─ssh tunnel─▶ adminer (127.0.0.1:8081)
//
// Placeholders: blog.example.org and the e-mail. Replace them with yours.
import { AdminTool, App, Backup, BackupSchedule, Domain, HealthCheck, MariaDb, Secret, Service, Volume } from '@slipway/constructs';

const app = new App({ name: 'wordpress', proxy: 'caddy', acme: { email: 'admin@example.org' } });

const db = new MariaDb(app, 'db', {
  version: '11.4',
  database: 'wordpress',
  user: 'wordpress',
  innodbBufferPoolSize: '256M',
  maxConnections: 100,
  resources: { memory: '512M' },
});

const uploads = new Volume(app, 'wp-content');

// WordPress's keys and salts: sign cookies and nonces. Generated once on the server.
const keys = Object.fromEntries(
  ['AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT'].map((k) => [
    `WORDPRESS_${k}`,
    new Secret(app, `wp-${k.toLowerCase().replace(/_/g, '-')}`, { generate: 'hex-32' }),
  ]),
);

const wordpress = new Service(app, 'wordpress', {
  image: 'wordpress:6.6.2-php8.3-apache',
  port: 80,
  env: {
    // Any of the database's references wires the network and the wait for its health check.
    WORDPRESS_DB_HOST: db.host,
    WORDPRESS_DB_USER: db.user,
    WORDPRESS_DB_PASSWORD: db.password,
    WORDPRESS_DB_NAME: db.database,
    ...keys,
  },
  volumes: [{ volume: uploads, target: '/var/www/html/wp-content' }],
  // A static file: answers 200 before and after the install wizard.
  healthCheck: HealthCheck.http(80, '/wp-includes/images/blank.gif', 'curl'),
  resources: { cpus: 1, memory: '512M' },
});
new Domain(app, 'blog', { host: 'blog.example.org', to: wordpress });

new Backup(app, 'db-backup', { database: db, schedule: BackupSchedule.daily('02:30'), keep: 14, volumes: [uploads] });
new AdminTool(app, 'adminer', { databases: [db] });

app.synth();
