import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { curl } from '../proxy/namespace.js';
import { canRunNginx, serveCommittedNginx, type LiveNginx } from './_support/committed-nginx.js';
import { CommittedOutput } from './_support/committed-output.js';

// examples/soloflow: the seed published PostgreSQL (:5434), the gateway (:8080), the provider
// (:3000) and pgAdmin with admin@admin.com/admin (:6432) on every interface, over plain HTTP.
// These tests judge the committed deploy/ folder: what is reachable, how secrets travel, and real
// HTTPS traffic (HSTS, CORS, rate limit) through the generated nginx.conf.
const out = new CommittedOutput('soloflow');
const API = 'api.soloflow.io';
const APP = 'app.soloflow.io';
const PROVIDED = ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'STRIPE_PRICE_STARTUP_PACK', 'RESEND_API_KEY', 'GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET', 'GITHUB_CLIENT_ID', 'GITHUB_CLIENT_SECRET'];

describe('examples/soloflow: the Compose stack', () => {
  const compose = out.compose();
  const s = compose.services;

  it('GIVEN the seed’s four published ports THEN only nginx is on the internet, pgAdmin on the server’s loopback, the rest unpublished', () => {
    expect(s.proxy!.ports).toEqual(['0.0.0.0:80:80', '0.0.0.0:443:443']);
    expect(s.pgadmin!.ports).toEqual(['127.0.0.1:5050:80']);
    for (const name of ['database', 'gateway', 'provider', 'database-backup']) expect(s[name]!.ports, name).toBeUndefined();
  });

  it('GIVEN PostgreSQL 16 THEN it is alone on an internal network joined by exactly the services that use it', () => {
    expect(s.database!.image).toBe('postgres:16-alpine');
    expect(s.database!.networks).toEqual(['database-net']);
    expect(compose.networks).toEqual({ 'database-net': { internal: true } });
    const onDb = Object.entries(s).filter(([, v]) => v.networks?.includes('database-net')).map(([k]) => k).sort();
    expect(onDb).toEqual(['database', 'database-backup', 'gateway', 'pgadmin', 'provider']);
    expect(s.database!.environment).toMatchObject({ POSTGRES_DB: 'soloflow_db', POSTGRES_USER: 'soloflow' });
    expect(s.database!.environment!.POSTGRES_PASSWORD).toMatch(/^\$\{DATABASE_PASSWORD:\?/); // not the seed's "postgres"
    expect(s.database!.volumes).toEqual(['database-data:/var/lib/postgresql/data']);
  });

  it('GIVEN pgAdmin THEN no default credentials: a pinned image, the team’s e-mail and a generated password from .env', () => {
    expect(s.pgadmin!.image).toMatch(/^dpage\/pgadmin4:\d+\.\d+$/);
    expect(s.pgadmin!.environment!.PGADMIN_DEFAULT_EMAIL).toBe('ops@soloflow.io');
    expect(s.pgadmin!.environment!.PGADMIN_DEFAULT_PASSWORD).toMatch(/^\$\{PGADMIN_PASSWORD:\?/);
    expect(out.text('.env.example')).toMatch(/Generated: 24 random letters and digits[^\n]*\nPGADMIN_PASSWORD=$/m);
    expect(JSON.stringify(out.compose())).not.toMatch(/admin@admin\.com|PASSWORD: admin\b/);
  });

  it('GIVEN the Spring Boot gateway THEN JDBC URL, role and password point at the database, it waits for it healthy, and probes /actuator/health', () => {
    expect(s.gateway!.environment).toMatchObject({
      SPRING_DATASOURCE_URL: 'jdbc:postgresql://database:5432/soloflow_db',
      SPRING_DATASOURCE_USERNAME: 'soloflow',
      SERVER_FORWARD_HEADERS_STRATEGY: 'framework',
    });
    expect(s.gateway!.environment!.SPRING_DATASOURCE_PASSWORD).toBe(s.database!.environment!.POSTGRES_PASSWORD);
    expect(s.gateway!.depends_on).toEqual({ database: { condition: 'service_healthy' } });
    expect(s.gateway!.healthcheck!.test.join(' ')).toContain('GET /actuator/health');
    expect(s.gateway!.build).toEqual({ context: '../api-gateway', dockerfile: '../deploy/gateway.Dockerfile' });
  });

  it('GIVEN one API_KEY_PEPPER THEN gateway and provider read the very same .env variable, generated once', () => {
    const pepper = s.gateway!.environment!.API_KEY_PEPPER;
    expect(pepper).toMatch(/^\$\{API_KEY_PEPPER:\?/);
    expect(s.provider!.environment!.API_KEY_PEPPER).toBe(pepper);
    const example = out.text('.env.example');
    expect(example.match(/^API_KEY_PEPPER=$/gm)).toHaveLength(1);
    expect(example).toContain('# Used by: gateway, provider');
  });

  it('GIVEN Stripe, Resend and OAuth THEN each is a provided secret: required, described, never a mock fallback', () => {
    const example = out.text('.env.example');
    for (const v of PROVIDED) {
      expect(s.provider!.environment![v], v).toBe(`\${${v}:?${v} is not set: run ./init-secrets.sh or see .env.example}`);
      expect(example).toMatch(new RegExp(`# Provided by you: [^\\n]+\\n${v}=$`, 'm'));
    }
    expect(JSON.stringify(compose)).not.toMatch(/:-(sk_test|whsec|re_|price)_?mock/);
    expect(s.provider!.environment).toMatchObject({ BETTER_AUTH_URL: `https://${APP}`, NODE_ENV: 'production', HOSTNAME: '0.0.0.0' });
    expect(s.provider!.healthcheck!.test.join(' ')).toContain('http://127.0.0.1:3000/api/health');
  });
});

describe('examples/soloflow: images and scripts', () => {
  it('GIVEN the generated Dockerfiles THEN dockerfile-utils finds nothing, and both run as non-root users', () => {
    expect(out.dockerfiles()).toEqual(['gateway.Dockerfile', 'provider.Dockerfile']);
    for (const f of out.dockerfiles()) {
      expect(out.lintDockerfile(f)).toEqual([]);
      expect(out.text(f)).toMatch(/^USER \d+:\d+$/m);
    }
  });

  it('GIVEN the provider image THEN the seed’s mock secrets are gone: no ENV or ARG carries a key, the build needs none', () => {
    const df = out.text('provider.Dockerfile');
    expect(df).not.toMatch(/RESEND_API_KEY|STRIPE_|BETTER_AUTH_SECRET|API_KEY_PEPPER|DATABASE_URL/);
    expect(df).toContain('COPY --from=build /app/.next/standalone/ ./');
    expect(df).toContain('CMD ["node", "server.js"]');
  });

  it('GIVEN the gateway image THEN Maven resolves dependencies in their own cached layer and the jar runs from Boot’s layers', () => {
    const df = out.text('gateway.Dockerfile');
    expect(df).toContain('FROM maven:3.9.9-eclipse-temurin-21 AS build');
    expect(df.indexOf('mvn -B -q dependency:go-offline')).toBeLessThan(df.indexOf('COPY src ./src'));
    expect(df).toContain('java -Djarmode=tools -jar app.jar extract --layers --launcher');
    expect(df).toContain('CMD ["java", "org.springframework.boot.loader.launch.JarLauncher"]');
  });

  it('GIVEN every generated script THEN shellcheck finds nothing', () => {
    const scripts = out.scripts();
    expect(scripts).toEqual(expect.arrayContaining(['backup.sh', 'deploy.sh', 'init-secrets.sh', 'init-ssl.sh', 'nginx/reload-on-renew.sh', 'restore.sh']));
    for (const f of scripts) expect(out.shellcheck(f), f).toBe('');
  });
});

describe('examples/soloflow: DEPLOY.md', () => {
  const md = out.text('DEPLOY.md');

  it('GIVEN two host names THEN one A record each, with dig checks', () => {
    for (const h of [API, APP]) {
      expect(md).toContain(`| A | ${h} | <server IPv4> |`);
      expect(md).toContain(`dig +short A ${h}`);
    }
  });

  it('GIVEN published ports THEN the table says who reaches each one', () => {
    expect(md).toContain('| pgadmin | 127.0.0.1 | 5050/tcp | 80 | this server only (SSH tunnel) |');
    expect(md).toContain('| proxy | 0.0.0.0 | 443/tcp | 443 | the internet |');
    expect(md).not.toMatch(/\| database \| [\d.]+ \|/);
  });

  it('GIVEN HTTPS and pgAdmin THEN the runbook has the certificate step, curl checks with the HTTP→HTTPS redirect, and the pgAdmin tunnel', () => {
    expect(md).toContain('./init-ssl.sh');
    expect(md).toContain(`curl -sI http://${API}/ | grep -i '^location: https://'`);
    expect(md).toContain(`curl -fsS -o /dev/null -w '%{http_code}\\n' https://${APP}/`);
    expect(md).toContain('ssh -N -L 5050:127.0.0.1:5050 deploy@SERVER');
    expect(md).toContain('Log in as `ops@soloflow.io` with the password in `PGADMIN_PASSWORD`');
    for (const v of PROVIDED) expect(md).toContain(`- \`${v}\`:`);
  });
});

describe.skipIf(!canRunNginx)('examples/soloflow: live HTTPS through the committed nginx.conf', () => {
  let live: LiveNginx;
  const ns = () => live.ns;

  beforeAll(async () => {
    live = await serveCommittedNginx(out, {
      certificates: { [API]: [API], [APP]: [APP] },
      upstreams: [
        { name: 'gateway', ip: '127.0.0.2', port: 8080, cors: true },
        { name: 'provider', ip: '127.0.0.3', port: 3000 },
      ],
      challenge: 'soloflow-token',
    });
  });

  afterAll(() => live?.stop());

  it('GIVEN the committed nginx.conf THEN nginx -t accepts it', () => {
    expect(live.test.status, live.test.stderr).toBe(0);
  });

  it('GIVEN each host THEN it reaches its service over HTTPS, with HSTS including subdomains (their sprint 2)', () => {
    const api = curl(ns(), `https://${API}/api/v1/service-1/test`, ['-H', 'X-API-Key: sk_test_123']);
    expect(api.status).toBe(200);
    expect(JSON.parse(api.body)).toMatchObject({ service: 'gateway', url: '/api/v1/service-1/test' });
    const app = curl(ns(), `https://${APP}/dashboard`);
    expect(JSON.parse(app.body)).toMatchObject({ service: 'provider', forwardedProto: 'https', host: APP });
    for (const r of [api, app]) {
      expect(r.headers['strict-transport-security']).toBe('max-age=63072000; includeSubDomains');
      expect(r.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('GIVEN plain HTTP THEN 308 to HTTPS, except the ACME challenge that certbot renews through', () => {
    const r = curl(ns(), `http://${APP}/billing?plan=startup`);
    expect(r.status).toBe(308);
    expect(r.headers.location).toBe(`https://${APP}/billing?plan=startup`);
    expect(curl(ns(), `http://${API}/.well-known/acme-challenge/soloflow-token`).body).toBe('soloflow-token.key-auth');
  });

  it('GIVEN the dashboard calling the API from the browser THEN the preflight for X-API-Key is answered by nginx', () => {
    const r = curl(ns(), `https://${API}/api/v1/keys`, ['-X', 'OPTIONS', '-H', `Origin: https://${APP}`, '-H', 'Access-Control-Request-Method: POST', '-H', 'Access-Control-Request-Headers: x-api-key']);
    expect(r.status).toBe(204);
    expect(r.headers['access-control-allow-origin']).toBe(`https://${APP}`);
    expect(r.headers['access-control-allow-headers']).toBe('Content-Type, X-API-Key');
    expect(r.headers['strict-transport-security']).toBe('max-age=63072000; includeSubDomains');
  });

  it('GIVEN another site THEN the API sends no CORS grant, even though the gateway itself says "*"', () => {
    const r = curl(ns(), `https://${API}/api/v1/keys`, ['-H', 'Origin: https://attacker.example']);
    expect(r.status).toBe(200);
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
    const own = curl(ns(), `https://${API}/api/v1/keys`, ['-H', `Origin: https://${APP}`]);
    expect(own.headers['access-control-allow-origin']).toBe(`https://${APP}`);
    expect(own.headers.vary).toContain('Origin');
  });

  it('GIVEN 20 r/s with a burst of 40 on the API WHEN 300 requests arrive back to back THEN the excess gets 429', () => {
    // Sized so the assertions hold even if the burst takes 10 s on a loaded machine (tokens refill meanwhile).
    const urls = Array.from({ length: 300 }, (_, i) => `https://${API}/api/v1/ping/${i}`);
    const r = ns().run('curl', ['-sk', '--max-time', '30', '--resolve', `${API}:443:127.0.0.1`, '-w', '%{http_code}\\n', ...urls.flatMap((u) => ['-o', '/dev/null', u])], { timeoutMs: 90_000 });
    const codes = r.stdout.trim().split('\n').map(Number);
    expect(codes).toHaveLength(300);
    expect(codes.filter((c) => c === 429).length).toBeGreaterThan(0);
    expect(codes.filter((c) => c === 200).length).toBeGreaterThanOrEqual(40);
  });

  it('GIVEN a host that is not SoloFlow’s THEN the TLS handshake is refused (no certificate leaks)', () => {
    const r = ns().run('curl', ['-sk', '--max-time', '5', '--resolve', 'other.example:443:127.0.0.1', 'https://other.example/']);
    expect(r.status).not.toBe(0);
  });
});
