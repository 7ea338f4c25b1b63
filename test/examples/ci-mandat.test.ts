import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapPaths, selfSignedCertificate, tempDir } from '../proxy/_files.js';
import { curl, TestNamespace } from '../proxy/namespace.js';
import { CommittedOutput } from './_support/committed-output.js';
import { nginxArgs, startDockerDns, startUpstream } from './_support/nginx-server.js';

// examples/ci-mandat: the seed published Next.js (:3000) and NestJS (:3001) in clear on a public
// IP. These tests judge the committed deploy/ folder: nothing but nginx is reachable, TLS and
// rate limits hold under real traffic, and every secret stays in .env.
const out = new CommittedOutput('ci-mandat');
const API = 'api.ci-mandat.example';
const WEB = 'ci-mandat.example';
const SECRETS = ['DB_PASSWORD', 'REDIS_PASSWORD', 'JWT_ACCESS_SECRET', 'JWT_REFRESH_SECRET', 'ENCRYPTION_KEY', 'DATA_ENCRYPTION_IV'];

describe('examples/ci-mandat: the Compose stack', () => {
  const compose = out.compose();
  const s = compose.services;

  it('GIVEN the stack THEN only nginx publishes ports (80/443 on every interface); no service keeps the seed’s :3000/:3001', () => {
    expect(s.proxy!.ports).toEqual(['0.0.0.0:80:80', '0.0.0.0:443:443']);
    for (const [name, svc] of Object.entries(s)) if (name !== 'proxy') expect(svc.ports, name).toBeUndefined();
    expect(s.backend!.expose).toEqual(['3001']);
    expect(s.frontend!.expose).toEqual(['3000']);
  });

  it('GIVEN PostgreSQL and Redis THEN each is alone on an internal network that only the backend (and the backup) joins', () => {
    expect(s.postgres!.networks).toEqual(['postgres-net']);
    expect(s.redis!.networks).toEqual(['redis-net']);
    expect(compose.networks).toMatchObject({ 'postgres-net': { internal: true }, 'redis-net': { internal: true } });
    expect([...s.backend!.networks!].sort()).toEqual(['default', 'postgres-net', 'redis-net']);
    expect(s.frontend!.networks).toEqual(['default']);
    const onDb = Object.entries(s).filter(([, v]) => v.networks?.includes('postgres-net')).map(([k]) => k);
    expect(onDb.sort()).toEqual(['backend', 'db-backup', 'postgres']);
    expect(s.backend!.depends_on).toEqual({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
  });

  it('GIVEN database/schema.sql THEN PostgreSQL runs it once at first start, read-only, as the seed’s role and database', () => {
    expect(s.postgres!.volumes).toEqual(['postgres-data:/var/lib/postgresql/data', '../database/schema.sql:/docker-entrypoint-initdb.d/10-schema.sql:ro']);
    expect(s.postgres!.environment).toMatchObject({ POSTGRES_DB: 'ci_mandat_db', POSTGRES_USER: 'ci_mandat_user' });
    expect(s.postgres!.user).toBeUndefined(); // the image's postgres user, not the role name
    expect(s.backend!.environment!.DATABASE_URL).toBe(
      'postgresql://ci_mandat_user:${DB_PASSWORD:?DB_PASSWORD is not set: run ./init-secrets.sh or see .env.example}@postgres:5432/ci_mandat_db',
    );
  });

  it('GIVEN Redis THEN it requires the password from .env, never on its command line, and the backend gets the same secret', () => {
    expect(s.redis!.command!.join(' ')).toContain('--requirepass "$$REDIS_PASSWORD"'); // $$: Compose passes a literal $ to the shell
    expect(s.redis!.environment!.REDIS_PASSWORD).toMatch(/^\$\{REDIS_PASSWORD:\?/);
    expect(s.backend!.environment).toMatchObject({ REDIS_HOST: 'redis', REDIS_PORT: '6379' });
    expect(s.backend!.environment!.REDIS_PASSWORD).toBe(s.redis!.environment!.REDIS_PASSWORD);
  });

  it('GIVEN the JWT, encryption and database secrets THEN Compose reads each from .env and .env.example says how to make it', () => {
    const example = out.text('.env.example');
    for (const v of SECRETS) {
      expect(example).toMatch(new RegExp(`^${v}=$`, 'm'));
      const users = Object.values(s).filter((svc) => Object.values(svc.environment ?? {}).some((x) => x.includes(`\${${v}:?`)));
      expect(users.length, v).toBeGreaterThan(0);
    }
    expect(example).toContain('openssl rand -hex 16'); // the 16-byte IV
    for (const file of out.files().filter((f) => !f.endsWith('.json'))) expect(out.text(file), file).not.toMatch(/JWT_ACCESS_SECRET=\S/);
  });

  it('GIVEN allowed origins and URLs THEN they are the HTTPS names, not the seed’s http://IP:port', () => {
    expect(s.backend!.environment).toMatchObject({
      ALLOWED_ORIGINS: `https://${WEB}`,
      FRONTEND_URL: `https://${WEB}`,
      BACKEND_URL: `https://${API}`,
      NODE_ENV: 'production',
      PORT: '3001',
    });
    expect(s.frontend!.environment!.API_URL).toBe('http://backend:3001');
    expect(s.frontend!.build!.args).toEqual({ NEXT_PUBLIC_API_URL: `https://${API}` });
  });

  it('GIVEN the seed’s three volumes THEN Postgres, Redis and the PDFs persist, and the PDFs are in the nightly backup', () => {
    expect(Object.keys(compose.volumes!)).toEqual(expect.arrayContaining(['postgres-data', 'redis-data', 'pdf-storage']));
    expect(s.redis!.volumes).toEqual(['redis-data:/data']);
    expect(s.backend!.volumes).toEqual(['pdf-storage:/app/storage/pdfs']);
    expect(s['db-backup']!.volumes).toContain('pdf-storage:/volumes/pdf-storage:ro');
    expect(s['db-backup']!.environment).toMatchObject({ BACKUP_KEEP: '14' });
  });
});

describe('examples/ci-mandat: generated files judged by their tools', () => {
  it('GIVEN every generated Dockerfile THEN dockerfile-utils finds nothing', () => {
    expect(out.dockerfiles()).toEqual(['backend.Dockerfile', 'frontend.Dockerfile']);
    for (const f of out.dockerfiles()) expect(out.lintDockerfile(f)).toEqual([]);
  });

  it('GIVEN the backend image THEN the PDF folder is created for uid 1000 before USER, so a fresh volume is writable', () => {
    const df = out.text('backend.Dockerfile');
    const runtime = df.slice(df.lastIndexOf('\nFROM '));
    expect(runtime).toContain('RUN mkdir -p /app/storage/pdfs && chown 1000:1000 /app/storage/pdfs');
    expect(runtime.indexOf('mkdir -p /app/storage/pdfs')).toBeLessThan(runtime.indexOf('USER 1000:1000'));
    expect(runtime).toContain('EXPOSE 3001');
    expect(runtime).toContain('fetch(\\"http://127.0.0.1:3001/health\\")');
  });

  it('GIVEN the frontend image THEN it runs the standalone server as uid 1000 with the public API URL as a build arg only', () => {
    const df = out.text('frontend.Dockerfile');
    expect(df).toContain('ARG NEXT_PUBLIC_API_URL');
    expect(df).toContain('COPY --from=build /app/.next/standalone/ ./');
    expect(df).toMatch(/USER 1000:1000\n/);
    expect(df).toMatch(/CMD \["node", "server.js"\]\n$/);
  });

  it('GIVEN every generated script THEN shellcheck is clean', () => {
    const scripts = out.scripts();
    expect(scripts).toEqual(expect.arrayContaining(['deploy.sh', 'init-secrets.sh', 'init-ssl.sh', 'backup.sh', 'restore.sh', 'host/bootstrap.sh', 'nginx/reload-on-renew.sh']));
    for (const f of scripts) expect(out.shellcheck(f), f).toBe('');
  });

  it('GIVEN DEPLOY.md THEN it lists the DNS records, the two public ports, init-ssl and the curl checks for both names', () => {
    const md = out.text('DEPLOY.md');
    for (const host of [API, WEB, `www.${WEB}`]) {
      expect(md).toContain(`| A | ${host} | 164.160.40.182 |`);
      expect(md).toContain(`dig +short A ${host}`);
    }
    expect(md).toContain('| proxy | 0.0.0.0 | 80/tcp | 80 | the internet |');
    expect(md).toContain('| proxy | 0.0.0.0 | 443/tcp | 443 | the internet |');
    expect(md).not.toMatch(/\| (backend|frontend|postgres|redis) \| [\d.]+ \|/);
    expect(md).toContain('./init-ssl.sh');
    expect(md).toContain(`curl -fsS -o /dev/null -w '%{http_code}\\n' https://${API}/`);
    expect(md).toContain(`curl -sI https://www.${WEB}/ | grep -i '^location: https://${WEB}'`);
  });
});

const canRun = TestNamespace.available() && spawnSync('nginx', ['-v']).status === 0;
const IPS = { backend: '127.0.0.2', frontend: '127.0.0.3' } as const;

// The committed nginx.conf, served by the real nginx in a private network namespace: stand-in
// backend and frontend on loopback, a DNS stub for Docker's resolver, self-signed certificates
// where certbot puts the real ones.
describe.skipIf(!canRun)('examples/ci-mandat: live traffic through the committed nginx.conf', () => {
  let ns: TestNamespace;
  let dir: string;
  let args: string[];

  beforeAll(async () => {
    dir = tempDir('slipway-ci-mandat-');
    const paths = { le: join(dir, 'le'), webroot: join(dir, 'webroot'), logs: join(dir, 'logs') };
    for (const p of Object.values(paths)) mkdirSync(p, { recursive: true });
    selfSignedCertificate(paths.le, API, [API]);
    selfSignedCertificate(paths.le, WEB, [WEB, `www.${WEB}`]);
    const conf = mapPaths(out.text('nginx/nginx.conf'), { '/etc/letsencrypt': paths.le, '/var/www/certbot': paths.webroot, '/var/log/nginx': paths.logs });
    writeFileSync(join(dir, 'nginx.conf'), conf);
    spawnSync('chmod', ['-R', 'a+rX', dir]);
    args = nginxArgs(dir, join(dir, 'nginx.conf'));

    ns = await TestNamespace.start(IPS);
    await startDockerDns(ns, IPS);
    await startUpstream(ns, 'backend', IPS.backend, 3001);
    await startUpstream(ns, 'frontend', IPS.frontend, 3000);
    const test = ns.run('nginx', ['-t', ...args]);
    expect(test.status, test.stderr).toBe(0);
    const start = ns.run('nginx', args);
    expect(start.status, start.stderr).toBe(0);
  });

  afterAll(() => {
    if (ns && args) ns.run('nginx', [...args, '-s', 'quit']);
    ns?.stop();
  });

  it('GIVEN the two names THEN the API reaches the backend on :3001 and the site reaches Next.js on :3000, over HTTPS', () => {
    const api = curl(ns, `https://${API}/mandats/42?page=2`);
    expect(api.status).toBe(200);
    expect(JSON.parse(api.body)).toMatchObject({ service: 'backend', url: '/mandats/42?page=2', host: API, forwardedProto: 'https' });
    const auth = curl(ns, `https://${API}/auth/login`, ['--data', '{}']);
    expect(JSON.parse(auth.body)).toMatchObject({ service: 'backend', url: '/auth/login' });
    const web = curl(ns, `https://${WEB}/mandats`);
    expect(JSON.parse(web.body)).toMatchObject({ service: 'frontend', url: '/mandats', host: WEB });
  });

  it('GIVEN plain HTTP or www THEN 308 to the HTTPS apex', () => {
    const http = curl(ns, `http://${API}/auth/login`);
    expect(http.status).toBe(308);
    expect(http.headers.location).toBe(`https://${API}/auth/login`);
    const www = curl(ns, `https://www.${WEB}/contact`);
    expect(www.status).toBe(308);
    expect(www.headers.location).toBe(`https://${WEB}/contact`);
  });

  it('GIVEN any response THEN HSTS and the OWASP headers are set and Express/Next give away nothing', () => {
    for (const url of [`https://${API}/me`, `https://${WEB}/`]) {
      const r = curl(ns, url);
      expect(r.headers['strict-transport-security'], url).toBe('max-age=63072000');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['x-frame-options']).toBe('DENY');
      expect(r.headers['x-powered-by']).toBeUndefined();
      expect(r.headers.server).toBe('nginx');
    }
  });

  it('GIVEN a burst of 30 logins from one address THEN /auth answers 429 beyond its burst of 5, while the same burst elsewhere on the API passes', () => {
    const burst = (path: string, n: number) => {
      // Sized so the assertions hold even if the burst takes 10 s on a loaded machine (tokens refill meanwhile).
      const urls = Array.from({ length: n }, (_, i) => `https://${API}${path}?try=${i}`);
      const r = ns.run('curl', ['-sk', '--max-time', '20', '--resolve', `${API}:443:127.0.0.1`, '-w', '%{http_code}\\n', ...urls.flatMap((u) => ['-o', '/dev/null', u])]);
      return r.stdout.trim().split('\n').map(Number);
    };
    const login = burst('/auth/login', 30);
    expect(login).toHaveLength(30);
    expect(login.filter((c) => c === 200).length).toBeGreaterThanOrEqual(5);
    expect(login.filter((c) => c === 429).length).toBeGreaterThanOrEqual(8);
    expect(login.every((c) => c === 200 || c === 429)).toBe(true);
    expect(burst('/mandats', 15).every((c) => c === 200)).toBe(true);
  });

  it('GIVEN an upload above 20 MB on the API THEN 413 before it reaches the backend', () => {
    const big = join(dir, 'big.pdf');
    writeFileSync(big, Buffer.alloc(21 * 1024 * 1024, 37));
    expect(curl(ns, `https://${API}/mandats/upload`, ['--data-binary', `@${big}`]).status).toBe(413);
  });

  it('GIVEN a name that is not ours THEN the TLS handshake is refused (no default certificate leaks the site)', () => {
    const r = ns.run('curl', ['-sk', '--max-time', '5', '--resolve', '164-160-40-182.example:443:127.0.0.1', 'https://164-160-40-182.example/']);
    expect(r.status).not.toBe(0);
  });
});
