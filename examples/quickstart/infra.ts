// A Node API with PostgreSQL and Redis: the smallest useful Slipway stack.
// Run `npx synth` here; the deployment folder appears in ./deploy.
import { App, HealthCheck, Postgres, Redis, Secret, Service } from '@slipway/constructs';

const app = new App({ name: 'quickstart' });

const db = new Postgres(app, 'db', {
  version: '16',
  database: 'quickstart',
  extensions: ['pgcrypto'],
  tuning: { max_connections: 100, shared_buffers: '256MB' },
});
const cache = new Redis(app, 'cache', { persistence: 'aof', maxMemory: '128mb' });

new Service(app, 'api', {
  image: 'ghcr.io/acme/quickstart-api:1.0.0',
  port: 3000,
  ports: [{ container: 3000 }], // 127.0.0.1:3000 until a Domain fronts it
  env: {
    NODE_ENV: 'production',
    DATABASE_URL: db.url,
    REDIS_URL: cache.url,
    SESSION_SECRET: new Secret(app, 'session-secret', { generate: 'hex-32', description: 'signs session cookies' }),
  },
  healthCheck: HealthCheck.http(3000, '/health'),
  resources: { cpus: 1, memory: '512M' },
  user: '1000:1000',
});

app.synth();
