// TerraProxi: the backend of a mobile app, on one on-prem server. The phone never talks to
// PostgreSQL: only the backend does, over an internal network.
//
//   phone ─https─▶ api.terraproxi.fr ─▶ nginx + certbot (80/443) ─▶ backend (:3000, also 127.0.0.1:3000)
//                                                                      └─ internal network ─▶ postgres (volume)
//   admins ─ssh (team IPs only)─▶ server: docker exec psql, backups, deploys
//
// Placeholders (the seed hides them): terraproxi.fr for "tondomaine.fr", the team's IPs, the
// server's IPv4 and the SSH key. Replace them with yours.
import { App, Backup, Domain, Host, Postgres, Secret } from '@slipway/constructs';
import { Express } from '@slipway/presets';

const app = new App({ name: 'terraproxi', proxy: 'nginx', acme: { email: 'admin@terraproxi.fr' } });

// Step 1 of the seed: Docker, a `deploy` user with keys only, no root login, ufw 80/443 + SSH from the team.
new Host(app, 'server', {
  sshKeys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPlaceholderReplaceWithYourOwnPublicKey0000 alice@terraproxi'],
  sshAllowFrom: ['203.0.113.10', '198.51.100.23'],
  ipv4: '192.0.2.10',
  directory: '/opt/terraproxi',
});

// Step 4: PostgreSQL with its volume, no published port, on an internal network.
const postgres = new Postgres(app, 'postgres', { version: '16', database: 'terraproxi', user: 'app_user' });
new Backup(app, 'postgres-backup', { database: postgres });

const backend = new Express(app, 'backend', {
  source: './backend',
  health: '/health',
  ports: [{ container: 3000 }], // 127.0.0.1:3000 on the server, never on the internet
  env: {
    DATABASE_URL: postgres.url,
    JWT_SECRET: new Secret(app, 'jwt-secret', { generate: 'base64-32', description: 'signs the mobile app sessions' }),
  },
});

// Steps 2-3: api.<domain> over HTTPS (Let's Encrypt via certbot, renewed automatically), HTTP → HTTPS.
new Domain(app, 'api', { host: 'api.terraproxi.fr', to: backend, rateLimit: { rps: 10, burst: 30 } });

app.synth();
