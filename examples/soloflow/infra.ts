// SoloFlow: an API-key platform. Customers call the Spring Boot gateway with an X-API-Key; the
// Next.js provider is where they sign up, pay and create keys. Both hash keys with one pepper.
//
//   https://api.soloflow.io ─▶ gateway (Spring Boot :8080) ─┐
//   https://app.soloflow.io ─▶ provider (Next.js :3000) ────┴─▶ database (PostgreSQL 16, internal)
//   ssh tunnel ─▶ pgadmin (127.0.0.1:5050) ─▶ database
//
// soloflow.io is a placeholder: the seed does not name the team's domain.
import { AdminTool, App, Backup, Domain, Postgres, Secret } from '@slipway/constructs';
import { NextJs, SpringBoot } from '@slipway/presets';

const app = new App({ name: 'soloflow', proxy: 'nginx', acme: { email: 'ops@soloflow.io' } });
const provided = (id: string, where: string) => new Secret(app, id, { provided: where });

// Data: private, backed up, administered through an SSH tunnel only.
const db = new Postgres(app, 'database', { version: '16', database: 'soloflow_db', user: 'soloflow' });
new Backup(app, 'database-backup', { database: db });
new AdminTool(app, 'pgadmin', { kind: 'pgadmin', databases: [db], email: 'ops@soloflow.io' });

// One pepper for both services: a key hashed by the provider must verify at the gateway.
const pepper = new Secret(app, 'api-key-pepper', { generate: 'base64-32', description: 'peppers API-key hashes; identical for gateway and provider' });

const gateway = new SpringBoot(app, 'gateway', {
  source: './api-gateway',
  env: {
    SPRING_DATASOURCE_URL: `jdbc:postgresql://${db.host}:5432/${db.database}`,
    SPRING_DATASOURCE_USERNAME: db.user,
    SPRING_DATASOURCE_PASSWORD: db.password,
    API_KEY_PEPPER: pepper,
    // Trust X-Forwarded-Proto/Host from the proxy: redirects and links stay on https://api…
    SERVER_FORWARD_HEADERS_STRATEGY: 'framework',
  },
});

const provider = new NextJs(app, 'provider', {
  source: './api-key-provider',
  health: '/api/health',
  env: {
    DATABASE_URL: db.url,
    API_KEY_PEPPER: pepper,
    BETTER_AUTH_SECRET: new Secret(app, 'better-auth-secret', { generate: 'base64-32' }),
    BETTER_AUTH_URL: 'https://app.soloflow.io',
    STRIPE_SECRET_KEY: provided('stripe-secret-key', 'Stripe dashboard → Developers → API keys → Secret key'),
    STRIPE_WEBHOOK_SECRET: provided('stripe-webhook-secret', 'Stripe → Developers → Webhooks → endpoint https://app.soloflow.io/api/webhooks/stripe → Signing secret'),
    STRIPE_PRICE_STARTUP_PACK: provided('stripe-price-startup-pack', 'Stripe → Product catalogue → Startup pack → price id (price_…)'),
    RESEND_API_KEY: provided('resend-api-key', 'Resend → API Keys → Create (sending access)'),
    GOOGLE_CLIENT_ID: provided('google-client-id', 'Google Cloud → APIs & Services → Credentials → OAuth client ID'),
    GOOGLE_CLIENT_SECRET: provided('google-client-secret', 'same OAuth client; redirect URI https://app.soloflow.io/api/auth/callback/google'),
    GITHUB_CLIENT_ID: provided('github-client-id', 'GitHub → Settings → Developer settings → OAuth Apps → Client ID'),
    GITHUB_CLIENT_SECRET: provided('github-client-secret', 'same OAuth App; callback https://app.soloflow.io/api/auth/callback/github'),
  },
});

// HTTPS only, HSTS on both names (their sprint 2), CORS for the dashboard calling the API.
const hsts = { includeSubDomains: true };
new Domain(app, 'app-domain', { host: 'app.soloflow.io', to: provider, hsts });
new Domain(app, 'api-domain', {
  host: 'api.soloflow.io',
  to: gateway,
  hsts,
  rateLimit: { rps: 20, burst: 40 },
  cors: { allowOrigins: ['https://app.soloflow.io'], allowHeaders: ['Content-Type', 'X-API-Key'] },
});

app.synth();
