import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { must, sh } from './_support/engine.js';
import { header, request } from './_support/https.js';
import { step } from './_support/report.js';
import { EngineStack } from './_support/stack.js';
import { seedServer } from './_support/seed-server.js';

// ci-mandat (seed 001): NestJS + Next.js behind nginx with TLS and rate limits, PostgreSQL,
// Redis, a backup service. Certificates come from pebble through the generated init-ssl.sh and
// certbot; the built apps are the app stand-in (see stand-in-builds.ts).
const NAME = 'ci-mandat';
const HOSTS = ['api.ci-mandat.example', 'ci-mandat.example', 'www.ci-mandat.example', 'unknown.example'];
const stack = new EngineStack(NAME);
let server: Awaited<ReturnType<typeof seedServer>> | undefined;
let ca = '';
const get = (url: string, args = '') => request(url, { hosts: HOSTS, ca, args });

describe('ci-mandat on a real engine: nginx, TLS from an ACME server, backups', () => {
  beforeAll(async () => {
    server = await seedServer(stack);
  });
  afterAll(() => server?.stop());

  it('GIVEN a fresh server WHEN ./init-ssl.sh runs THEN certbot obtains every certificate over HTTP-01 through nginx', async () => {
    await step(NAME, 'TLS', () => {
      const r = sh('./init-ssl.sh', { cwd: stack.dir, timeoutMs: 400_000 });
      expect(r.code, r.stdout + r.stderr).toBe(0);
      ca = server!.pebble.root();
      for (const host of ['api.ci-mandat.example', 'ci-mandat.example']) {
        const issuer = must(`echo | openssl s_client -connect 127.0.0.1:443 -servername ${host} 2>/dev/null | openssl x509 -noout -issuer`);
        expect(issuer).toMatch(/Pebble Intermediate/);
      }
    });
  });

  it('WHEN ./deploy.sh runs THEN every service is healthy (the proxy waits for the apps)', async () => {
    await step(NAME, 'up', () => {
      const r = stack.deploy();
      expect(r.code, r.stdout + r.stderr).toBe(0);
    });
    await step(NAME, 'healthy', () => {
      expect(stack.states()).toEqual({
        backend: 'healthy', certbot: 'running', 'db-backup': 'running', frontend: 'healthy', postgres: 'healthy', proxy: 'healthy', redis: 'healthy',
      });
    });
  });

  it('THEN HTTPS requests reach the right app, with the security headers, verified against the ACME root', async () => {
    await step(NAME, 'proxied requests', () => {
      const api = get('https://api.ci-mandat.example/x?y=1');
      expect(api.status, api.raw.stderr).toBe(200);
      expect(api.headers).toMatch(/^HTTP\/2 200/);
      const echo = JSON.parse(api.body) as { path: string; headers: Record<string, string> };
      expect(echo.path).toBe('/x?y=1');
      expect(echo.headers['x-forwarded-proto']).toBe('https');
      expect(echo.headers.host).toBe('api.ci-mandat.example');
      expect(header(api, 'strict-transport-security')).toMatch(/^max-age=63072000/);
      expect(header(api, 'x-content-type-options')).toBe('nosniff');
      expect(header(api, 'referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(header(api, 'x-powered-by')).toBeUndefined();
      expect(get('https://api.ci-mandat.example/health').body.trim()).toBe('db=ok');
      const web = get('https://ci-mandat.example/');
      expect(web.status).toBe(200);
      expect(JSON.parse(web.body).headers.host).toBe('ci-mandat.example');
    });
  });

  it('THEN HTTP and www redirect with 308, unknown names are refused, old TLS is refused', async () => {
    await step(NAME, 'proxied requests', () => {
      const http = get('http://api.ci-mandat.example/a?b=1');
      expect([http.status, http.redirect]).toEqual([308, 'https://api.ci-mandat.example/a?b=1']);
      const www = get('https://www.ci-mandat.example/p');
      expect([www.status, www.redirect]).toEqual([308, 'https://ci-mandat.example/p']);
      expect(get('https://unknown.example/').raw.code).not.toBe(0);
      expect(sh('curl -sS -m 5 -o /dev/null http://127.0.0.1/').code).not.toBe(0);
    });
    await step(NAME, 'TLS', () => {
      const old = sh(`echo | openssl s_client -connect 127.0.0.1:443 -servername api.ci-mandat.example -tls1_1 -cipher 'DEFAULT:@SECLEVEL=0' 2>&1`);
      expect(old.stdout).toMatch(/alert protocol version|no protocols available|wrong version number/);
    });
  });

  it('THEN the auth routes are rate limited (1 r/s, burst 5): a burst of 12 gets 429s beyond the first 6', async () => {
    await step(NAME, 'proxied requests', async () => {
      await new Promise((r) => setTimeout(r, 6000)); // refill the bucket
      // One curl, 12 requests multiplexed on one HTTP/2 connection: they reach nginx together.
      const each = Array.from({ length: 12 }, () => "-o /dev/null 'https://api.ci-mandat.example/auth/login'").join(' ');
      const r = sh(`curl -sS -m 20 --cacert ${ca} --resolve api.ci-mandat.example:443:127.0.0.1 --parallel --parallel-immediate --parallel-max 12 -w '%{http_code}\\n' ${each}`);
      const codes = r.stdout.trim().split('\n').map(Number);
      expect(codes, r.stderr).toHaveLength(12);
      const ok = codes.filter((c) => c === 200).length;
      expect(ok).toBeGreaterThanOrEqual(5);
      expect(ok).toBeLessThanOrEqual(7);
      expect(codes.filter((c) => c === 429)).toHaveLength(12 - ok);
    });
  });

  it("THEN the proxy's health URL answers its own health check only, not other containers", async () => {
    await step(NAME, 'proxied requests', () => {
      expect(stack.exec('proxy', 'wget -q -O- http://127.0.0.1/slipway-health').stdout).toBe('ok\n');
      expect(stack.exec('backend', 'wget -q -T 3 -t 1 -O- http://proxy/slipway-health').code).not.toBe(0);
    });
  });

  it('WHEN certbot renews THEN the deploy hook marks it and nginx keeps serving a valid certificate', async () => {
    await step(NAME, 'TLS', () => {
      stack.compose(`exec -T certbot sh -c 'rm -f /etc/letsencrypt/slipway-renewed; certbot renew --quiet --no-random-sleep-on-renew --force-renewal --webroot -w /var/www/certbot --deploy-hook "touch /etc/letsencrypt/slipway-renewed" && test -f /etc/letsencrypt/slipway-renewed'`, { timeoutMs: 300_000 });
      stack.compose('exec -T proxy nginx -c /etc/nginx/slipway/nginx.conf -s reload');
      expect(get('https://api.ci-mandat.example/').status).toBe(200);
    });
  });

  it('WHEN backup.sh runs and restore.sh restores the dump THEN the rows come back', async () => {
    await step(NAME, 'backup round trip', () => {
      const psql = (db: string, sql: string) => stack.exec('postgres', `psql -v ON_ERROR_STOP=1 -U ci_mandat_user -d ${db} -tAc "${sql}"`);
      expect(psql('ci_mandat_db', 'create table canary(x text); insert into canary values (\'kept\')').code).toBe(0);
      const b = sh('./backup.sh', { cwd: stack.dir, timeoutMs: 120_000 });
      expect(b.code, b.stdout + b.stderr).toBe(0);
      const dump = must('ls -1 backups/postgres/*.dump | tail -1', { cwd: stack.dir }).trim();
      expect(must(`stat -c %a ${dump}`, { cwd: stack.dir }).trim()).toBe('600');
      const r = sh(`./restore.sh ${dump}`, { cwd: stack.dir, timeoutMs: 120_000 });
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(psql('ci_mandat_db_restore', 'select x from canary').stdout.trim()).toBe('kept');
    });
  });
});
