import { validateComposeDocument } from '@slipway/constructs';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validate } from 'dockerfile-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../_support/workspace.js';
import { mapPaths, selfSignedCertificate, tempDir } from '../proxy/_files.js';
import { curl, TestNamespace } from '../proxy/namespace.js';

// examples/ai-ko: the committed output of both Apps (deploy/ = production, deploy-dev/ = local),
// judged by the real tools. `synth --check`, dclint and the schema on deploy/ run in test/compose.
const EXAMPLE = join(ROOT, 'examples/ai-ko');
const DIRS = ['deploy', 'deploy-dev'] as const;
const DOMAIN = 'ai-ko.example.com';
const read = (path: string) => readFileSync(join(EXAMPLE, path), 'utf8');
const compose = (dir: string) => parse(read(`${dir}/docker-compose.yml`));
const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const canRunNginx = TestNamespace.available() && has('nginx') && has('htpasswd');
const fixtures = join(ROOT, 'test/proxy/fixtures');

/** Stand-in services of the stack, each on its own loopback address. */
const IPS = { frontend: '127.0.0.2', backend: '127.0.0.3', grafana: '127.0.0.4' } as const;
const GRAFANA_AUTH = 'grafana-basic-auth-test';

function filesUnder(dir: string): string[] {
  return readdirSync(join(EXAMPLE, dir), { recursive: true, encoding: 'utf8' }).filter((p) => statSync(join(EXAMPLE, dir, p)).isFile()).sort();
}

describe('ai-ko: what the stack does', () => {
  const prod = compose('deploy');
  const dev = compose('deploy-dev');

  it('GIVEN production THEN only nginx faces the internet; Prometheus is on loopback; PostgreSQL and Redis publish nothing, on internal networks', () => {
    const published = Object.entries(prod.services).flatMap(([name, s]) => ((s as { ports?: string[] }).ports ?? []).map((p) => `${name} ${p}`));
    expect(published.sort()).toEqual(['prometheus 127.0.0.1:9090:9090', 'proxy 0.0.0.0:443:443', 'proxy 0.0.0.0:80:80']);
    expect(prod.services.db.networks).toEqual(['db-net']);
    expect(prod.services.redis.networks).toEqual(['redis-net']);
    expect(prod.networks).toEqual({ 'db-net': { internal: true }, 'redis-net': { internal: true } });
    expect(prod.services.proxy.networks).toEqual(['default']); // nginx cannot reach the data services
  });

  it('GIVEN the seed\'s volumes THEN PostgreSQL, Redis, uploads and monitoring keep their data, plus certificates', () => {
    expect(Object.keys(prod.volumes)).toEqual(expect.arrayContaining(['db-data', 'redis-data', 'uploads', 'prometheus-data', 'grafana-data', 'letsencrypt']));
    expect(prod.services.backend.volumes).toEqual(['uploads:/app/uploads']);
    expect(prod.services['celery-worker'].volumes).toEqual(['uploads:/app/uploads']);
    expect(prod.services.backup.volumes).toContain('uploads:/volumes/uploads:ro');
    expect(prod.services.backup.environment).toMatchObject({ BACKUP_VOLUMES: 'uploads', BACKUP_KEEP: '14', PGDATABASE: 'aiko' });
  });

  it('GIVEN the backend image THEN each start runs migrations, seed data and the first admin before gunicorn, and uploads belong to the app user', () => {
    const dockerfile = read('deploy/backend.Dockerfile');
    expect(dockerfile).toContain(`CMD ["sh", "-c", "flask --app 'app:create_app()' db upgrade && flask seed-data && flask create-admin && exec gunicorn --bind 0.0.0.0:8000 --access-logfile - 'app:create_app()'"]`);
    expect(dockerfile.indexOf('RUN mkdir -p /app/uploads && chown 10001:10001 /app/uploads')).toBeLessThan(dockerfile.indexOf('USER 10001:10001'));
    expect(prod.services.backend.environment).toMatchObject({ WEB_CONCURRENCY: '5', ADMIN_EMAIL: `admin@${DOMAIN}`, UPLOAD_FOLDER: '/app/uploads' });
    expect(prod.services.backend.environment.ADMIN_PASSWORD).toMatch(/^\$\{ADMIN_PASSWORD:\?/);
    expect(prod.services.backend.healthcheck.test.join(' ')).toContain('http://127.0.0.1:8000/api/health');
  });

  it('GIVEN Celery THEN worker and beat reuse the backend build, wait for its migrations, use Redis as broker, and never see the admin password', () => {
    for (const name of ['celery-worker', 'celery-beat']) {
      const s = prod.services[name];
      expect(s.build).toEqual(prod.services.backend.build);
      expect(s.depends_on.backend).toEqual({ condition: 'service_healthy' });
      expect(s.environment.CELERY_BROKER_URL).toMatch(/^redis:\/\/:\$\{REDIS_PASSWORD:\?.*\}@redis:6379\/0$/);
      expect(s.environment.CELERY_RESULT_BACKEND).toMatch(/@redis:6379\/1$/);
      expect(s.environment).not.toHaveProperty('ADMIN_PASSWORD');
      expect(s.environment).not.toHaveProperty('ADMIN_EMAIL');
    }
    expect(prod.services['celery-worker'].command.slice(0, 4)).toEqual(['celery', '-A', 'app.worker.celery', 'worker']);
    expect(prod.services['celery-beat'].command.slice(0, 4)).toEqual(['celery', '-A', 'app.worker.celery', 'beat']);
    // A full broker refuses writes instead of evicting queued tasks.
    expect(prod.services.redis.command[2]).toContain('--requirepass "$$REDIS_PASSWORD"');
    expect(prod.services.redis.command[2]).toContain('--maxmemory 256mb --maxmemory-policy noeviction');
  });

  it('GIVEN monitoring THEN Prometheus scrapes the backend inside the stack and promtool accepts the configuration', () => {
    const config = parse(read('deploy/monitoring/prometheus.yml'));
    expect(config.scrape_configs.find((j: { job_name: string }) => j.job_name === 'backend').static_configs[0].targets).toEqual(['backend:8000']);
    if (has('promtool')) {
      const r = spawnSync('promtool', ['check', 'config', '--syntax-only', join(EXAMPLE, 'deploy/monitoring/prometheus.yml')], { encoding: 'utf8' });
      expect(r.status, r.stdout + r.stderr).toBe(0);
    }
  });

  it('GIVEN the two modes THEN production has TLS with certbot renewal, dev has neither and binds the proxy to loopback', () => {
    expect(prod.services.certbot.entrypoint[2]).toContain('certbot renew --quiet --webroot');
    expect(read('deploy/init-ssl.sh')).toContain(`certificates=(\n  '${DOMAIN} www.${DOMAIN}'\n  'grafana.${DOMAIN}'\n)`);
    expect(dev.name).toBe('ai-ko-dev');
    expect(dev.services.certbot).toBeUndefined();
    expect(dev.services.proxy.ports).toEqual(['127.0.0.1:80:80']);
    expect(filesUnder('deploy-dev')).not.toContain('init-ssl.sh');
    expect(dev.services.grafana.environment).toMatchObject({ GF_SERVER_ROOT_URL: `http://grafana.${DOMAIN}.localhost/`, GF_SECURITY_COOKIE_SECURE: 'false' });
    expect(prod.services.grafana.environment).toMatchObject({ GF_SERVER_ROOT_URL: `https://grafana.${DOMAIN}/`, GF_SECURITY_COOKIE_SECURE: 'true' });
  });

  it('GIVEN deploy-dev THEN dclint finds no errors and the Compose schema accepts it', () => {
    expect(validateComposeDocument(dev)).toEqual([]);
    const lint = spawnSync(join(ROOT, 'node_modules/.bin/dclint'), [join(EXAMPLE, 'deploy-dev/docker-compose.yml'), '--formatter', 'json'], { encoding: 'utf8', timeout: 30_000 });
    const [report] = JSON.parse(lint.stdout) as Array<{ messages: Array<{ type: string }> }>;
    expect(report!.messages.filter((m) => m.type === 'error')).toEqual([]);
  });

  it.each(DIRS.flatMap((d) => ['backend', 'frontend'].map((s) => `${d}/${s}.Dockerfile`)))('GIVEN %s THEN dockerfile-utils finds nothing', (path) => {
    const text = read(path);
    expect(validate(text).map((d) => `line ${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
    expect(text).toMatch(/^USER \d+:\d+$/m);
  });

  const scripts = DIRS.flatMap((d) => filesUnder(d).filter((p) => read(`${d}/${p}`).startsWith('#!')).map((p) => `${d}/${p}`));
  it.skipIf(!has('shellcheck')).each(scripts)('GIVEN %s THEN shellcheck finds nothing and it is executable', (path) => {
    const r = spawnSync('shellcheck', [join(EXAMPLE, path)], { encoding: 'utf8' });
    expect(r.stdout).toBe('');
    expect(r.status).toBe(0);
    expect(statSync(join(EXAMPLE, path)).mode & 0o111).not.toBe(0);
  });

  it('GIVEN the scripts THEN both modes have deploy.sh and init-secrets.sh; production also init-ssl, backups and host bootstrap', () => {
    expect(scripts).toEqual(expect.arrayContaining(['deploy/deploy.sh', 'deploy/init-secrets.sh', 'deploy/init-ssl.sh', 'deploy/backup.sh', 'deploy/restore.sh', 'deploy/host/bootstrap.sh', 'deploy/nginx/reload-on-renew.sh', 'deploy/proxy/derive-auth.sh', 'deploy-dev/deploy.sh', 'deploy-dev/init-secrets.sh']));
  });
});

describe('ai-ko: the runbooks', () => {
  const prod = read('deploy/DEPLOY.md');
  const dev = read('deploy-dev/DEPLOY.md');

  it('GIVEN production THEN DNS has an A record per host name, and the ports table says who reaches what', () => {
    for (const host of [DOMAIN, `www.${DOMAIN}`, `grafana.${DOMAIN}`]) {
      expect(prod).toContain(`| A | ${host} | 198.51.100.20 |`);
      expect(prod).toContain(`dig +short A ${host}`);
    }
    expect(prod).toContain('| proxy | 0.0.0.0 | 80/tcp | 80 | the internet |');
    expect(prod).toContain('| proxy | 0.0.0.0 | 443/tcp | 443 | the internet |');
    expect(prod).toContain('| prometheus | 127.0.0.1 | 9090/tcp | 9090 | this server only (SSH tunnel) |');
    expect(prod).toContain('**22/tcp** only from `203.0.113.7`');
  });

  it('GIVEN production THEN the first deploy goes secrets → certificates → deploy, and verify has the exact curl checks', () => {
    const order = ['./init-secrets.sh', '5. **Get the first certificates**', './init-ssl.sh', '6. **Deploy.**', './deploy.sh'].map((s) => prod.indexOf(s));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(prod).toContain(`curl -fsS -o /dev/null -w '%{http_code}\\n' https://${DOMAIN}/`);
    expect(prod).toContain(`curl -fsS -o /dev/null -w '%{http_code}\\n' https://${DOMAIN}/api/`);
    expect(prod).toContain(`curl -sI https://www.${DOMAIN}/ | grep -i '^location: https://${DOMAIN}'`);
    expect(prod).toContain(`-u 'admin:<GRAFANA_BASIC_AUTH_PASSWORD from .env on the server>' https://grafana.${DOMAIN}/`);
    expect(prod.split(`curl -sI http://${DOMAIN}/ | grep`).length - 1).toBe(1);
    expect(prod).toContain('./deploy.sh rollback');
    expect(prod).toContain('with volume `uploads` archived beside each dump');
  });

  it('GIVEN dev THEN it runs on this machine: *.localhost URLs, no DNS, no server, no certificates', () => {
    expect(dev).toContain('## Run it locally');
    expect(dev).toContain(`- http://${DOMAIN}.localhost/`);
    expect(dev).toContain(`curl -fsS -o /dev/null -w '%{http_code}\\n' http://${DOMAIN}.localhost/api/`);
    expect(dev).toContain('| proxy | 127.0.0.1 | 80/tcp | 80 | this machine only |');
    for (const absent of ['init-ssl.sh', 'rsync', '| A |', 'ssh -N -L']) expect(dev).not.toContain(absent);
  });
});

describe('ai-ko: .env and deploy.sh (stand-in docker, private network namespace)', () => {
  let ns: TestNamespace;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const deploy = (extra: NodeJS.ProcessEnv = {}) => ns.run('bash', [join(dir, 'deploy.sh')], { env: { ...env, ...extra }, timeoutMs: 30_000 });
  const calls = () => readFileSync(join(dir, '.docker-calls'), 'utf8').trim().split('\n');

  beforeAll(async () => {
    dir = tempDir('slipway-aiko-deploy-');
    cpSync(join(EXAMPLE, 'deploy'), dir, { recursive: true });
    mkdirSync(join(dir, '.bin'));
    symlinkSync(join(ROOT, 'test/ops/fake-docker.sh'), join(dir, '.bin/docker'));
    writeFileSync(join(dir, '.docker-calls'), '');
    env = { ...process.env, PATH: `${join(dir, '.bin')}:${process.env.PATH}`, FAKE_DOCKER_LOG: join(dir, '.docker-calls'), FAKE_EXITED: 'proxy-auth=0', MIN_FREE_MB: '1', HEALTH_TIMEOUT: '10', HEALTH_POLL: '0.1' };
    ns = await TestNamespace.start({});
  });
  afterAll(() => ns?.stop());

  it('GIVEN no .env WHEN init-secrets.sh runs THEN every secret is generated (0600), and a second run changes nothing', () => {
    const first = spawnSync('bash', ['init-secrets.sh'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NONINTERACTIVE: '1' }, timeout: 30_000 });
    expect(first.status, first.stderr).toBe(0);
    const dotenv = readFileSync(join(dir, '.env'), 'utf8');
    expect(statSync(join(dir, '.env')).mode & 0o777).toBe(0o600);
    expect(dotenv).toMatch(/^ADMIN_PASSWORD=[A-Za-z0-9]{24}$/m);
    expect(dotenv).toMatch(/^SECRET_KEY=[0-9a-f]{64}$/m);
    expect(dotenv).toMatch(/^DB_PASSWORD=[A-Za-z0-9]{32}$/m);
    expect(dotenv).toMatch(/^GRAFANA_BASIC_AUTH_PASSWORD=[A-Za-z0-9]{24}$/m);
    spawnSync('bash', ['init-secrets.sh'], { cwd: dir, env: { ...process.env, NONINTERACTIVE: '1' }, timeout: 30_000 });
    expect(readFileSync(join(dir, '.env'), 'utf8')).toBe(dotenv);
  });

  it('GIVEN a complete .env WHEN deploying THEN pre-flight passes, the four images are built, proxy-auth may exit 0, and the release goes live', () => {
    const r = deploy();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('pre-flight checks passed');
    expect(calls()).toContain('compose build --pull backend celery-beat celery-worker frontend');
    expect(r.stdout).toMatch(/release \S+ is live/);
  });

  it('GIVEN the next release with an unhealthy backend WHEN deploying THEN its logs are printed and the previous release comes back', () => {
    const good = readFileSync(join(dir, '.releases/current'), 'utf8').trim();
    const r = deploy({ FAKE_UNHEALTHY: 'backend' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('----- last logs of backend -----');
    expect(r.stdout).toContain(`release ${good} is live again`);
    expect(readFileSync(join(dir, '.releases/current'), 'utf8').trim()).toBe(good);
  });

  it('GIVEN a .env missing the admin password WHEN deploying THEN pre-flight names it and no container is touched', () => {
    writeFileSync(join(dir, '.docker-calls'), '');
    const dotenv = readFileSync(join(dir, '.env'), 'utf8');
    writeFileSync(join(dir, '.env'), dotenv.replace(/^ADMIN_PASSWORD=.*$/m, 'ADMIN_PASSWORD='));
    const r = deploy();
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('.env has no value for: ADMIN_PASSWORD');
    expect(calls().some((c) => c.includes(' up '))).toBe(false);
    writeFileSync(join(dir, '.env'), dotenv);
    chmodSync(join(dir, '.env'), 0o600);
  });
});

/** Starts the committed nginx.conf of `outdir` in a fresh namespace with stand-ins for the services. */
async function serve(outdir: string, tls: boolean) {
  const dir = tempDir('slipway-aiko-nginx-');
  const paths = { le: join(dir, 'le'), webroot: join(dir, 'webroot'), auth: join(dir, 'auth'), logs: join(dir, 'logs') };
  for (const p of Object.values(paths)) mkdirSync(p, { recursive: true });
  if (tls) {
    selfSignedCertificate(paths.le, DOMAIN, [DOMAIN, `www.${DOMAIN}`]);
    selfSignedCertificate(paths.le, `grafana.${DOMAIN}`, [`grafana.${DOMAIN}`]);
    mkdirSync(join(paths.webroot, '.well-known/acme-challenge'), { recursive: true });
    writeFileSync(join(paths.webroot, '.well-known/acme-challenge/tok'), 'tok.key');
  }
  // The generated derive-auth.sh hashes the Grafana password from the environment, as proxy-auth does.
  const derive = spawnSync('sh', [join(EXAMPLE, outdir, 'proxy/derive-auth.sh')], { encoding: 'utf8', env: { ...process.env, AUTH_DIR: paths.auth, GRAFANA_BASIC_AUTH_PASSWORD: GRAFANA_AUTH } });
  expect(derive.status, derive.stderr).toBe(0);
  spawnSync('chmod', ['-R', 'a+rX', dir]);
  const conf = mapPaths(read(`${outdir}/nginx/nginx.conf`), { '/etc/letsencrypt': paths.le, '/var/www/certbot': paths.webroot, '/etc/slipway/auth': paths.auth, '/var/log/nginx': paths.logs });
  writeFileSync(join(dir, 'nginx.conf'), conf);
  const args = ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(paths.logs, 'error.log'), '-g', `pid ${join(dir, 'nginx.pid')};`];
  const ns = await TestNamespace.start(IPS);
  await ns.spawn('node', [join(fixtures, 'dns-stub.mjs'), '127.0.0.11', JSON.stringify(IPS)], 'dns ready');
  await ns.spawn('node', [join(fixtures, 'upstream.mjs'), 'frontend', IPS.frontend, '3000'], 'frontend ready');
  await ns.spawn('node', [join(fixtures, 'upstream.mjs'), 'backend', IPS.backend, '8000'], 'backend ready');
  await ns.spawn('node', [join(fixtures, 'upstream.mjs'), 'grafana', IPS.grafana, '3000'], 'grafana ready');
  const test = ns.run('nginx', ['-t', ...args]);
  expect(test.status, test.stderr).toBe(0);
  const start = ns.run('nginx', args);
  expect(start.status, start.stderr).toBe(0);
  return { ns, dir, stop: () => (ns.run('nginx', [...args, '-s', 'quit']), ns.stop()) };
}

/** HTTP status of `n` requests sent back to back by one curl. */
function burst(ns: TestNamespace, url: string, n: number): number[] {
  const u = new URL(url);
  const port = u.port || (u.protocol === 'https:' ? '443' : '80');
  const r = ns.run('curl', ['-sk', '--max-time', '20', '--resolve', `${u.hostname}:${port}:127.0.0.1`, '-w', '%{http_code}\\n', ...Array.from({ length: n }, () => ['-o', '/dev/null', url]).flat()]);
  return r.stdout.trim().split('\n').map(Number);
}

describe.skipIf(!canRunNginx)('ai-ko: live traffic through the production nginx.conf', () => {
  let s: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => (s = await serve('deploy', true)));
  afterAll(() => s?.stop());

  it('GIVEN the site and /api THEN Next.js and Flask each get their paths unchanged; /metrics of the backend is not exposed', () => {
    expect(JSON.parse(curl(s.ns, `https://${DOMAIN}/cours/maths`).body)).toMatchObject({ service: 'frontend', url: '/cours/maths', forwardedProto: 'https' });
    expect(JSON.parse(curl(s.ns, `https://${DOMAIN}/api/levels?page=2`).body)).toMatchObject({ service: 'backend', url: '/api/levels?page=2' });
    expect(JSON.parse(curl(s.ns, `https://${DOMAIN}/api`).body)).toMatchObject({ service: 'backend', url: '/api' });
    expect(JSON.parse(curl(s.ns, `https://${DOMAIN}/metrics`).body)).toMatchObject({ service: 'frontend' });
  });

  it('GIVEN plain HTTP THEN 308 to HTTPS, except ACME challenges; www goes to the apex', () => {
    const r = curl(s.ns, `http://${DOMAIN}/login?next=/`);
    expect(r.status).toBe(308);
    expect(r.headers.location).toBe(`https://${DOMAIN}/login?next=/`);
    expect(curl(s.ns, `http://${DOMAIN}/.well-known/acme-challenge/tok`).body).toBe('tok.key');
    const www = curl(s.ns, `https://www.${DOMAIN}/x`);
    expect(www.status).toBe(308);
    expect(www.headers.location).toBe(`https://${DOMAIN}/x`);
  });

  it('GIVEN any page THEN HSTS and the security headers are there, and neither nginx nor the app discloses a version', () => {
    for (const path of ['/', '/api/health']) {
      const r = curl(s.ns, `https://${DOMAIN}${path}`);
      expect(r.headers['strict-transport-security']).toBe('max-age=63072000');
      expect(r.headers['x-frame-options']).toBe('DENY');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
      expect(r.headers['content-security-policy']).toBe("frame-ancestors 'none'");
      expect(r.headers.server).toBe('nginx');
      expect(r.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('GIVEN the login limit (1 r/s, burst 5) WHEN 12 requests arrive at once THEN the excess gets 429, while /api (10 r/s, burst 20) lets 12 through', () => {
    const auth = burst(s.ns, `https://${DOMAIN}/api/auth/login`, 12);
    expect(auth).toHaveLength(12);
    expect(auth.every((c) => c === 200 || c === 429)).toBe(true);
    expect(auth.filter((c) => c === 200).length).toBeGreaterThanOrEqual(3);
    expect(auth.filter((c) => c === 429).length).toBeGreaterThanOrEqual(5);
    expect(burst(s.ns, `https://${DOMAIN}/api/levels`, 12)).toEqual(Array(12).fill(200));
  });

  it('GIVEN uploads THEN /api accepts 15 MB (limit 20 MB) while the site refuses them with 413', () => {
    const file = join(s.dir, 'upload.bin');
    writeFileSync(file, Buffer.alloc(15 * 1024 * 1024, 97));
    expect(JSON.parse(curl(s.ns, `https://${DOMAIN}/api/uploads`, ['--data-binary', `@${file}`]).body)).toMatchObject({ service: 'backend', bytes: 15 * 1024 * 1024 });
    expect(curl(s.ns, `https://${DOMAIN}/`, ['--data-binary', `@${file}`]).status).toBe(413);
  });

  it('GIVEN Grafana THEN basic auth from the secret guards it: 401 without or with a wrong password, 200 with the right one', () => {
    expect(curl(s.ns, `https://grafana.${DOMAIN}/`).status).toBe(401);
    expect(curl(s.ns, `https://grafana.${DOMAIN}/`, ['-u', 'admin:wrong']).status).toBe(401);
    const ok = curl(s.ns, `https://grafana.${DOMAIN}/api/health`, ['-u', `admin:${GRAFANA_AUTH}`]);
    expect(JSON.parse(ok.body)).toMatchObject({ service: 'grafana', url: '/api/health' });
  });

  it('GIVEN an unknown host name THEN the TLS handshake is refused and port 80 closes the connection', () => {
    expect(s.ns.run('curl', ['-sk', '--max-time', '5', '--resolve', 'evil.example.org:443:127.0.0.1', 'https://evil.example.org/']).status).not.toBe(0);
    expect(s.ns.run('curl', ['-s', '--max-time', '5', '--resolve', 'evil.example.org:80:127.0.0.1', 'http://evil.example.org/']).status).not.toBe(0);
  });
});

describe.skipIf(!canRunNginx)('ai-ko: live traffic through the dev nginx.conf (plain HTTP, *.localhost)', () => {
  let s: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => (s = await serve('deploy-dev', false)));
  afterAll(() => s?.stop());

  it('GIVEN <host>.localhost over HTTP THEN the same routes answer, with no redirect and no HSTS', () => {
    const site = curl(s.ns, `http://${DOMAIN}.localhost/`);
    expect(site.status).toBe(200);
    expect(JSON.parse(site.body)).toMatchObject({ service: 'frontend', forwardedProto: 'http' });
    expect(site.headers['strict-transport-security']).toBeUndefined();
    expect(site.headers['x-content-type-options']).toBe('nosniff');
    expect(JSON.parse(curl(s.ns, `http://${DOMAIN}.localhost/api/health`).body)).toMatchObject({ service: 'backend', url: '/api/health' });
    expect(curl(s.ns, `http://grafana.${DOMAIN}.localhost/`).status).toBe(401);
  });

  it('GIVEN dev mode THEN nothing listens on 443', () => {
    expect(s.ns.run('curl', ['-sk', '--max-time', '5', '--resolve', `${DOMAIN}:443:127.0.0.1`, `https://${DOMAIN}/`]).status).not.toBe(0);
  });
});
