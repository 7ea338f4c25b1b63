// AI-KO Smart System: Flask API (gunicorn) + Celery worker and beat, Next.js front end,
// PostgreSQL, Redis, nginx with Let's Encrypt, Prometheus and Grafana — on one VPS.
// One program, two outputs: deploy/ (production, HTTPS) and deploy-dev/ (local, plain HTTP).
import { App, Backup, Domain, Host, Monitoring, Postgres, Redis, Secret, Volume } from '@slipway/constructs';
import { CeleryBeat, CeleryWorker, Flask, NextJs } from '@slipway/presets';

const DOMAIN = 'ai-ko.example.com'; // placeholder: the seed does not name its domain

function aiko(mode: 'production' | 'local'): App {
  const prod = mode === 'production';
  const app = new App({ name: prod ? 'ai-ko' : 'ai-ko-dev', mode, outdir: prod ? 'deploy' : 'deploy-dev', acme: { email: `admin@${DOMAIN}` } });

  // Data: PostgreSQL and Redis on their own internal networks, never published.
  const db = new Postgres(app, 'db', { version: '16', database: 'aiko', user: 'aiko' });
  const redis = new Redis(app, 'redis', { maxMemory: '256mb', evictionPolicy: 'noeviction' }); // a broker never drops tasks
  const uploads = new Volume(app, 'uploads');

  // Flask on gunicorn. Before each start: migrations, reference data (levels, subjects), first admin.
  const backend = new Flask(app, 'backend', {
    source: './backend',
    migrate: true,
    beforeStart: ['flask seed-data', 'flask create-admin'],
    health: '/api/health',
    metrics: { path: '/metrics' },
    resources: { cpus: 2, memory: '1G' },
    volumes: [{ volume: uploads, target: '/app/uploads' }],
    env: {
      DATABASE_URL: db.url,
      CELERY_BROKER_URL: redis.urlFor(0),
      CELERY_RESULT_BACKEND: redis.urlFor(1),
      SECRET_KEY: new Secret(app, 'secret-key', { generate: 'hex-32', description: 'Flask sessions and CSRF' }),
      JWT_SECRET_KEY: new Secret(app, 'jwt-secret-key', { generate: 'hex-32', description: 'signs API tokens' }),
      ADMIN_EMAIL: `admin@${DOMAIN}`,
      ADMIN_PASSWORD: new Secret(app, 'admin-password', { generate: 'alnum-24', description: 'first admin of the app (created once)' }),
      UPLOAD_FOLDER: '/app/uploads',
    },
  });
  const webOnly = ['ADMIN_EMAIL', 'ADMIN_PASSWORD']; // the workers never see the first admin's password
  new CeleryWorker(app, 'celery-worker', { from: backend, app: 'app.worker.celery', concurrency: 4, omitEnv: webOnly, volumes: [{ volume: uploads, target: '/app/uploads' }] });
  new CeleryBeat(app, 'celery-beat', { from: backend, app: 'app.worker.celery', omitEnv: webOnly });

  // Next.js standalone; the API is same-origin under /api, so one build serves both modes.
  const frontend = new NextJs(app, 'frontend', { source: './frontend', buildEnv: { NEXT_PUBLIC_API_URL: '/api' } });

  // nginx: the site, the API (rate limited, 20 MB uploads) and a stricter limit on login.
  new Domain(app, 'site', { host: DOMAIN, to: frontend, wwwRedirect: 'www-to-apex' });
  new Domain(app, 'api', { host: DOMAIN, pathPrefix: '/api', to: backend, rateLimit: { rps: 10, burst: 20 }, maxBodySize: '20m' });
  new Domain(app, 'auth', { host: DOMAIN, pathPrefix: '/api/auth', to: backend, rateLimit: { rps: 1, burst: 5 } });

  // Prometheus scrapes the backend's /metrics inside the stack; Grafana behind basic auth.
  new Monitoring(app, 'monitoring', { grafanaHost: `grafana.${DOMAIN}` });

  if (prod) {
    new Backup(app, 'backup', { database: db, volumes: [uploads], keep: 14 });
    new Host(app, 'server', {
      sshKeys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx0cGxhY2Vob2xkZXJrZXlmb3JhaWtvZXhhbXBsZQ ops@ai-ko'], // placeholder
      sshAllowFrom: ['203.0.113.7'], // placeholder: the team's office address
      ipv4: '198.51.100.20', // placeholder: the VPS
      timezone: 'Europe/Paris',
    });
  }
  return app;
}

aiko('production').synth();
aiko('local').synth();
