// DropIt (seed 000): a pnpm monorepo on one Infomaniak VPS behind Traefik with Let's Encrypt.
//
//   dropit-app.fr ─────────┐                     ┌─▶ web  (React/Vite SPA, static nginx)
//   api.dropit-app.fr ─────┼─▶ Traefik :80/:443 ─┼─▶ api  (NestJS, /api/health) ─▶ db (PostgreSQL 16)
//   traefik.dropit-app.fr ─┘  (Let's Encrypt)    └─▶ dashboard (basic auth)
//
// `npx synth` writes two folders from this one description:
//   deploy/          Traefik reads the routes from a file (traefik/dynamic.yml);
//   deploy-dokploy/  Traefik labels mode, as Dokploy runs it: the routes are Docker labels on api and web.
import { Annotations, App, Backup, Domain, Host, Postgres, Secret } from '@slipway/constructs';
import { NestJs, ViteSpa } from '@slipway/presets';

const DOMAIN = 'dropit-app.fr';

/** The DropIt stack; `labels` renders the routes as Docker labels on the services. */
function dropit(options: { labels?: boolean; outdir?: string } = {}): App {
  const app = new App({
    name: 'dropit',
    outdir: options.outdir,
    proxy: 'traefik',
    acme: { email: `admin@${DOMAIN}` },
    proxyOptions: { traefikLabels: options.labels, dashboard: { host: `traefik.${DOMAIN}`, user: 'admin' } },
  });

  const db = new Postgres(app, 'db', {
    version: '16',
    database: 'dropit',
    user: 'dropit',
    extensions: ['uuid-ossp', 'pgcrypto'],
    tuning: { max_connections: 200, shared_buffers: '256MB', effective_cache_size: '1GB' },
  });
  new Backup(app, 'db-backup', { database: db, keep: 14 });

  const api = new NestJs(app, 'api', {
    source: '.',
    workspace: '@dropit/api', // builds @dropit/contract, schemas, permissions and i18n with it
    migrate: { command: ['node_modules/.bin/mikro-orm', 'schema:update', '--run'] }, // schema sync at start
    seedScript: 'seed', // demo data when SEED_DB=true in .env
    health: '/api/health',
    env: {
      DB_HOST: db.host,
      DB_PORT: '5432',
      DB_NAME: db.database,
      DB_USER: db.user,
      DB_PASSWORD: db.password,
      BETTER_AUTH_SECRET: new Secret(app, 'better-auth-secret', { generate: 'base64-32', description: 'signs Better Auth sessions' }),
      BETTER_AUTH_URL: `https://api.${DOMAIN}`,
      TRUSTED_ORIGINS: `https://${DOMAIN}`,
      BREVO_API_KEY: new Secret(app, 'brevo-api-key', { provided: 'Brevo → SMTP & API → API keys → Generate a new API key' }),
      EMAIL_FROM: `no-reply@${DOMAIN}`,
    },
  });
  new Domain(app, 'api-domain', { host: `api.${DOMAIN}`, to: api, rateLimit: { rps: 20, burst: 40 } });

  const web = new ViteSpa(app, 'web', {
    source: '.',
    workspace: '@dropit/web',
    buildEnv: {
      VITE_API_URL: `https://api.${DOMAIN}`,
      VITE_APP_URL: `https://${DOMAIN}`,
      VITE_AUTH_REDIRECT_URL: `https://${DOMAIN}/auth/callback`,
      VITE_BETTER_AUTH_BASE_PATH: `https://api.${DOMAIN}/api/auth`,
    },
  });
  new Domain(app, 'web-domain', { host: DOMAIN, to: web, wwwRedirect: 'www-to-apex' });
  for (const image of [api.dockerfile, web.dockerfile]) image.addIgnore('deploy*'); // both output folders (and their backups/)

  new Host(app, 'vps', {
    sshKeys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDropItPlaceholderReplaceWithYourOwnKey0000 dev@dropit'], // yours here
    sshAllowFrom: ['0.0.0.0/0', '::/0'],
    ipv4: '83.228.204.62',
  });
  Annotations.of(app).acknowledge('ssh-open-to-all', 'as in the seed: keys only, no root or password login, fail2ban');
  return app;
}

dropit().synth();
dropit({ labels: true, outdir: 'deploy-dokploy' }).synth();
