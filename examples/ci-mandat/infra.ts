// CI-Mandat (seed 001): Next.js frontend + NestJS backend, PostgreSQL and Redis kept inside the
// stack, behind nginx with TLS and rate limiting. The seed served :3000/:3001 in clear on a
// public IP; here only nginx listens on 80/443.
//
//   ci-mandat.example ──────┐                 ┌─▶ frontend (Next.js :3000) ──┐ API_URL (internal)
//   api.ci-mandat.example ──┴─▶ nginx :443 ───┴─▶ backend  (NestJS :3001) ◀──┘
//                              (certbot, 429)          ├─▶ postgres (schema.sql)   internal network
//                                                      └─▶ redis (password)        internal network
//
// "ci-mandat.example" stands for the team's domain (the seed only shows an IP): replace DOMAIN.
import { Annotations, App, Backup, Domain, Host, Postgres, Redis, Secret, Volume } from '@slipway/constructs';
import { NestJs, NextJs } from '@slipway/presets';

const DOMAIN = 'ci-mandat.example';
const app = new App({ name: 'ci-mandat', proxy: 'nginx', acme: { email: `admin@${DOMAIN}` } });
const secret = (id: string, generate: 'hex-16' | 'hex-32', description: string) => new Secret(app, id, { generate, description });

const postgres = new Postgres(app, 'postgres', {
  version: '16',
  database: 'ci_mandat_db',
  user: 'ci_mandat_user',
  password: secret('db-password', 'hex-32', 'password of ci_mandat_user'),
  volume: new Volume(app, 'postgres-data'),
  initScripts: ['./database/schema.sql'],
});
const redis = new Redis(app, 'redis', { volume: new Volume(app, 'redis-data'), maxMemory: '256mb' });
const pdfs = new Volume(app, 'pdf-storage');

const backend = new NestJs(app, 'backend', {
  source: './backend',
  port: 3001,
  health: '/health',
  volumes: [{ volume: pdfs, target: '/app/storage/pdfs' }], // created in the image, owned by the app user
  env: {
    DATABASE_URL: postgres.url,
    JWT_ACCESS_SECRET: secret('jwt-access-secret', 'hex-32', 'signs access tokens'),
    JWT_REFRESH_SECRET: secret('jwt-refresh-secret', 'hex-32', 'signs refresh tokens'),
    ENCRYPTION_KEY: secret('encryption-key', 'hex-32', 'AES-256 key of the personal data (32 bytes, hex)'),
    DATA_ENCRYPTION_IV: secret('data-encryption-iv', 'hex-16', 'AES IV (16 bytes, hex)'),
    REDIS_HOST: redis.name,
    REDIS_PORT: '6379',
    REDIS_PASSWORD: redis.password,
    PDF_STORAGE_PATH: '/app/storage/pdfs',
    FRONTEND_URL: `https://${DOMAIN}`,
    BACKEND_URL: `https://api.${DOMAIN}`,
    ALLOWED_ORIGINS: `https://${DOMAIN}`,
  },
});
new Domain(app, 'api-domain', { host: `api.${DOMAIN}`, to: backend, rateLimit: { rps: 10, burst: 20 }, maxBodySize: '20m' });
// Logins and token refreshes get a much tighter limit: password guessing meets 429 quickly.
new Domain(app, 'auth-domain', { host: `api.${DOMAIN}`, pathPrefix: '/auth', to: backend, rateLimit: { rps: 1, burst: 5 } });

const frontend = new NextJs(app, 'frontend', {
  source: './frontend',
  buildEnv: { NEXT_PUBLIC_API_URL: `https://api.${DOMAIN}` },
  env: { API_URL: backend.internalUrl }, // server-side calls stay inside the stack
});
new Domain(app, 'web-domain', { host: DOMAIN, to: frontend, wwwRedirect: 'www-to-apex', rateLimit: { rps: 20, burst: 50 } });

new Backup(app, 'db-backup', { database: postgres, volumes: [pdfs], keep: 14 });
new Host(app, 'server', {
  sshKeys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICiMandatPlaceholderReplaceWithYourOwnKey00 ops@ci-mandat'],
  sshAllowFrom: ['0.0.0.0/0', '::/0'],
  ipv4: '164.160.40.182',
});
Annotations.of(app).acknowledge('ssh-open-to-all', 'keys only, no root or password login, fail2ban; narrow sshAllowFrom to the team');

app.synth();
