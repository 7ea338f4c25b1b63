import { validateComposeDocument } from '@slipway/constructs';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validate } from 'dockerfile-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../_support/workspace.js';
import { DOMAIN, EXAMPLE, has, read } from './_support/ai-ko.js';
import { tempDir } from '../proxy/_files.js';
import { TestNamespace } from '../proxy/namespace.js';

// examples/ai-ko: the committed output of both Apps (deploy/ = production, deploy-dev/ = local),
// judged by the real tools. `synth --check`, dclint and the schema on deploy/ run in test/compose;
// live traffic through nginx is in ai-ko-nginx.test.ts.
const DIRS = ['deploy', 'deploy-dev'] as const;
const compose = (dir: string) => parse(read(`${dir}/docker-compose.yml`));

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

  it('GIVEN the backend image THEN migrations run once per release, seed data and the first admin at each start before gunicorn, and uploads belong to the app user', () => {
    const dockerfile = read('deploy/backend.Dockerfile');
    expect(dockerfile).toContain(`CMD ["sh", "-c", "flask seed-data && flask create-admin && exec gunicorn --bind 0.0.0.0:8000 --access-logfile - 'app:create_app()'"]`);
    expect(read('deploy/deploy.sh')).toContain(`compose run --rm -T --no-deps backend sh -c 'flask --app '\\''app:create_app()'\\'' db upgrade'`);
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
