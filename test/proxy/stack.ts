import { App, Domain, HealthCheck, Secret, Service, type AppProps } from '@slipway/constructs';

/** The stack every real-server test serves: routing by host and path, and every route option. */
export function testStack(props: AppProps = {}): App {
  const app = new App({ name: 'shop', acme: { email: 'ops@example.com' }, ...props });
  const api = new Service(app, 'api', { image: 'acme/api:1.0.0', port: 3000, healthCheck: HealthCheck.http(3000, '/health') });
  const web = new Service(app, 'web', { image: 'acme/web:1.0.0', port: 8080, healthCheck: HealthCheck.http(8080, '/') });
  const down = new Service(app, 'reports', { image: 'acme/reports:1.0.0', port: 9000, healthCheck: HealthCheck.http(9000, '/') });
  new Domain(app, 'web-domain', { host: 'example.com', to: web, wwwRedirect: 'www-to-apex', spa: true, csp: "default-src 'self'" });
  new Domain(app, 'api-domain', {
    host: 'example.com',
    pathPrefix: '/api',
    stripPrefix: true,
    to: api,
    websocket: true,
    maxBodySize: '1m',
    hsts: { includeSubDomains: true, preload: true },
  });
  new Domain(app, 'admin', {
    host: 'admin.example.com',
    to: api,
    basicAuth: { users: [{ user: 'ops', password: new Secret(app, 'admin-password', { generate: 'alnum-24' }) }] },
    allowIps: ['127.0.0.0/8'],
  });
  new Domain(app, 'limited', { host: 'limited.example.com', to: api, rateLimit: { rps: 2, burst: 3 } });
  new Domain(app, 'internal', { host: 'internal.example.com', to: api, allowIps: ['10.0.0.0/8'] });
  new Domain(app, 'reports-domain', { host: 'reports.example.com', to: down });
  return app;
}

/** Loopback addresses of the stand-in services ("reports" stays down on purpose). */
export const SERVICE_IPS = { api: '127.0.0.2', web: '127.0.0.3' } as const;
export const ADMIN_PASSWORD = 'correct-horse-battery-staple';
