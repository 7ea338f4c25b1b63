import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../proxy/_files.js';
import { curl, TestNamespace } from '../proxy/namespace.js';
import { CommittedOutput, type ComposeDocument } from './_support/committed-output.js';
import { nginxArgs, wrapServerBlock } from './_support/nginx-server.js';

// examples/dropit: one infra.ts, two committed folders. deploy/ runs Traefik with its routes in a
// file; deploy-dokploy/ is the same stack in Traefik labels mode, as Dokploy runs it.
const files = new CommittedOutput('dropit');
const labels = new CommittedOutput('dropit', 'deploy-dokploy');
const DOMAIN = 'dropit-app.fr';

/** Services in an order where each comes after what it depends on; throws on a cycle. */
function startOrder(compose: ComposeDocument): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, path: string[]) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') throw new Error(`depends_on cycle: ${[...path, name].join(' → ')}`);
    state.set(name, 'visiting');
    for (const dep of Object.keys(compose.services[name]!.depends_on ?? {})) visit(dep, [...path, name]);
    state.set(name, 'done');
    order.push(name);
  };
  for (const name of Object.keys(compose.services).sort()) visit(name, []);
  return order;
}

describe.each([
  ['deploy', files],
  ['deploy-dokploy', labels],
])('examples/dropit/%s: the Compose stack', (_name, out) => {
  const compose = out.compose();
  const s = compose.services;

  it('GIVEN the stack THEN only Traefik publishes ports (80/443); the database publishes none and sits on an internal network', () => {
    expect(s.proxy!.image).toBe('traefik:v3.3.4');
    expect(s.proxy!.ports).toEqual(['0.0.0.0:80:80', '0.0.0.0:443:443']);
    for (const [name, svc] of Object.entries(s)) if (name !== 'proxy') expect(svc.ports, name).toBeUndefined();
    expect(s.db!.networks).toEqual(['db-net']);
    expect(compose.networks!['db-net']).toEqual({ internal: true });
    expect(s.web!.networks).toEqual(['default']); // the static site never reaches the database
  });

  it('GIVEN depends_on THEN there is no cycle: proxy-auth hashes the dashboard password, then Traefik starts', () => {
    const order = startOrder(compose);
    expect(order.indexOf('proxy-auth')).toBeLessThan(order.indexOf('proxy'));
    expect(order.indexOf('db')).toBeLessThan(order.indexOf('api'));
    // labels mode: Traefik also waits for the Docker socket proxy it reads routes through
    const socketProxy = s['docker-socket-proxy'] ? { 'docker-socket-proxy': { condition: 'service_healthy' } } : {};
    expect(s.proxy!.depends_on).toEqual({ ...socketProxy, 'proxy-auth': { condition: 'service_completed_successfully' } });
  });

  it('GIVEN PostgreSQL 16 THEN uuid-ossp and pgcrypto are created at first start and the seed’s tuning is on the command line', () => {
    expect(s.db!.image).toBe('postgres:16-alpine');
    expect(s.db!.command).toEqual(['postgres', '-c', 'max_connections=200', '-c', 'shared_buffers=256MB', '-c', 'effective_cache_size=1GB']);
    expect(s.db!.environment).toMatchObject({ POSTGRES_DB: 'dropit', POSTGRES_USER: 'dropit' });
    expect(s.db!.user).toBeUndefined();
    expect(s.db!.volumes).toContain('./postgres/db/00-extensions.sql:/docker-entrypoint-initdb.d/00-extensions.sql:ro');
    const sql = out.text('postgres/db/00-extensions.sql');
    expect(sql).toContain('CREATE EXTENSION IF NOT EXISTS "uuid-ossp";');
    expect(sql).toContain('CREATE EXTENSION IF NOT EXISTS "pgcrypto";');
  });

  it('GIVEN the API THEN it gets the DB_* variables, auth and e-mail secrets from .env, and SEED_DB off by default', () => {
    const env = s.api!.environment!;
    expect(env).toMatchObject({ DB_HOST: 'db', DB_PORT: '5432', DB_NAME: 'dropit', DB_USER: 'dropit', SEED_DB: 'false', NODE_ENV: 'production', PORT: '3000' });
    for (const v of ['DB_PASSWORD', 'BETTER_AUTH_SECRET', 'BREVO_API_KEY']) expect(env[v], v).toMatch(new RegExp(`^\\$\\{${v}:\\?`));
    expect(env).toMatchObject({ BETTER_AUTH_URL: `https://api.${DOMAIN}`, TRUSTED_ORIGINS: `https://${DOMAIN}` });
    const example = out.text('.env.example');
    expect(example).toContain("openssl rand -base64 32 | tr -d '\\n'"); // as the seed generated its secrets
    expect(example).toMatch(/Brevo → SMTP & API → API keys/);
    expect(s.api!.healthcheck!.test.join(' ')).toContain('http://127.0.0.1:3000/api/health');
  });

  it('GIVEN the SPA THEN the four VITE_* values are build args (public, baked into the bundle), nothing secret', () => {
    expect(s.web!.build!.args).toEqual({
      VITE_API_URL: `https://api.${DOMAIN}`,
      VITE_APP_URL: `https://${DOMAIN}`,
      VITE_AUTH_REDIRECT_URL: `https://${DOMAIN}/auth/callback`,
      VITE_BETTER_AUTH_BASE_PATH: `https://api.${DOMAIN}/api/auth`,
    });
    expect(s.web!.environment).toBeUndefined();
  });

  it('GIVEN every generated Dockerfile THEN dockerfile-utils finds nothing', () => {
    expect(out.dockerfiles()).toEqual(['api.Dockerfile', 'web.Dockerfile']);
    for (const f of out.dockerfiles()) expect(out.lintDockerfile(f)).toEqual([]);
  });

  it('GIVEN every generated script THEN shellcheck is clean', () => {
    expect(out.scripts()).toEqual(expect.arrayContaining(['deploy.sh', 'init-secrets.sh', 'backup.sh', 'restore.sh', 'host/bootstrap.sh', 'proxy/derive-auth.sh']));
    for (const f of out.scripts()) expect(out.shellcheck(f), f).toBe('');
  });
});

describe('examples/dropit: the images', () => {
  it('GIVEN the API image THEN pnpm builds @dropit/api with its workspace packages, deploys a pruned copy, syncs the schema and seeds on demand', () => {
    const df = files.text('api.Dockerfile');
    expect(df).toContain('COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./');
    expect(df).toContain("RUN pnpm --filter '@dropit/api...' run build"); // "..." = with @dropit/contract, schemas, permissions, i18n
    expect(df).toContain("pnpm --filter '@dropit/api' deploy --prod --store-dir=/pnpm/store /prod/app");
    expect(df).toContain('USER 1000:1000');
    expect(df).toContain('CMD ["sh", "-c", "if [ \\"$SEED_DB\\" = \\"true\\" ]; then npm run seed; fi && exec node dist/main.js"]');
    // The schema sync is the release command: once per release, before it serves.
    expect(files.text('deploy.sh')).toContain("compose run --rm -T --no-deps api sh -c 'node_modules/.bin/mikro-orm schema:update --run'");
    // The stand-in app really has what the command runs.
    const pkg = JSON.parse(readFileSync(join(files.dir, '../apps/api/package.json'), 'utf8'));
    expect(pkg.dependencies).toHaveProperty('@mikro-orm/cli');
    expect(pkg.scripts.seed).toBe('mikro-orm seeder:run');
  });

  it('GIVEN the web image THEN it builds @dropit/web with the VITE_* args and serves dist/ with an unprivileged nginx', () => {
    const df = files.text('web.Dockerfile');
    for (const v of ['VITE_API_URL', 'VITE_APP_URL', 'VITE_AUTH_REDIRECT_URL', 'VITE_BETTER_AUTH_BASE_PATH']) expect(df).toContain(`ARG ${v}\n`);
    expect(df).toContain('COPY deploy/web.nginx.conf /etc/nginx/conf.d/default.conf');
    expect(df).toContain('COPY --from=build /app/apps/web/dist/ /usr/share/nginx/html/');
    expect(df).toContain('USER 101:101');
    // The nginx config is the one file of deploy/ the build context keeps.
    expect(files.text('web.Dockerfile.dockerignore').split('\n')).toEqual(expect.arrayContaining(['deploy', '!deploy/web.nginx.conf']));
    // Neither rendering sends the other's folder (with its backups/) into a build context.
    for (const out of [files, labels]) for (const f of ['api', 'web']) expect(out.text(`${f}.Dockerfile.dockerignore`)).toMatch(/^deploy\*$/m);
  });
});

describe('examples/dropit: Traefik', () => {
  it('GIVEN the static config THEN HTTP redirects to HTTPS, Let’s Encrypt uses the seed’s address, and the dashboard is on but never insecure', () => {
    const t = parse(files.text('traefik/traefik.yml'));
    expect(t.entryPoints.web.http.redirections.entryPoint).toEqual({ to: 'websecure', scheme: 'https', permanent: true });
    expect(t.certificatesResolvers.letsencrypt.acme).toMatchObject({ email: `admin@${DOMAIN}`, storage: '/letsencrypt/acme.json', httpChallenge: { entryPoint: 'web' } });
    expect(t.api).toEqual({ dashboard: true, insecure: false });
    expect(t.providers.docker).toBeUndefined();
  });

  it('GIVEN the file provider THEN api.<domain> → api:3000 (rate-limited), the apex → web:8080, www redirects, traefik.<domain> → dashboard behind basic auth', () => {
    const d = parse(files.text('traefik/dynamic.yml')).http;
    expect(d.routers['api-domain']).toMatchObject({ rule: `Host(\`api.${DOMAIN}\`)`, entryPoints: ['websecure'], tls: { certResolver: 'letsencrypt' } });
    expect(d.routers['api-domain'].middlewares).toContain('api-domain-ratelimit');
    expect(d.services['api-domain'].loadBalancer.servers).toEqual([{ url: 'http://api:3000' }]);
    expect(d.routers['web-domain'].rule).toBe(`Host(\`${DOMAIN}\`)`);
    expect(d.services['web-domain'].loadBalancer.servers).toEqual([{ url: 'http://web:8080' }]);
    expect(d.middlewares['web-domain-redirect'].redirectRegex).toMatchObject({ replacement: `https://${DOMAIN}/\${1}`, permanent: true });
    expect(d.routers.dashboard).toMatchObject({ rule: `Host(\`traefik.${DOMAIN}\`)`, service: 'api@internal', middlewares: ['dashboard-auth'] });
    expect(d.middlewares['dashboard-auth'].basicAuth.usersFile).toBe('/etc/slipway/auth/dashboard.htpasswd');
    expect(d.middlewares['api-domain-headers'].headers).toMatchObject({ stsSeconds: 63072000, contentTypeNosniff: true, customFrameOptionsValue: 'DENY' });
  });

  it('GIVEN labels mode (Dokploy) THEN the routes are Docker labels on api and web, and the file keeps only what labels cannot hold', () => {
    const c = labels.compose();
    const api = c.services.api!.labels!;
    expect(api).toMatchObject({
      'traefik.enable': 'true',
      'traefik.http.routers.api-domain.rule': `Host(\`api.${DOMAIN}\`)`,
      'traefik.http.routers.api-domain.tls.certResolver': 'letsencrypt',
      'traefik.http.routers.api-domain.tls.options': 'mozilla-intermediate@file',
      'traefik.http.services.api-domain.loadbalancer.server.port': '3000',
      'traefik.http.middlewares.api-domain-ratelimit.rateLimit.average': '20',
    });
    expect(c.services.web!.labels).toMatchObject({ 'traefik.http.routers.web-domain.rule': `Host(\`${DOMAIN}\`)`, 'traefik.http.services.web-domain.loadbalancer.server.port': '8080' });
    expect(c.services.web!.labels!['traefik.http.middlewares.web-domain-redirect.redirectRegex.replacement']).toBe(`https://${DOMAIN}/$\${1}`); // $$: Compose escaping
    expect(c.services.db!.labels).toBeUndefined();
    const d = parse(labels.text('traefik/dynamic.yml')).http;
    expect(Object.keys(d.routers)).toEqual(['dashboard']);
    expect(Object.keys(d.serversTransports).sort()).toEqual(['api-domain', 'web-domain']);
    const t = parse(labels.text('traefik/traefik.yml'));
    expect(t.providers.docker).toMatchObject({ endpoint: 'tcp://docker-socket-proxy:2375', exposedByDefault: false, network: 'dropit_default' });
    // Traefik reads the Docker API only through the read-only socket proxy, alone with it on an internal network.
    expect(c.services.proxy!.volumes!.join(' ')).not.toContain('docker.sock');
    const socketProxy = c.services['docker-socket-proxy']!;
    expect(socketProxy.volumes).toEqual(['/var/run/docker.sock:/var/run/docker.sock:ro']);
    expect(socketProxy.environment).toMatchObject({ CONTAINERS: '1', POST: '0', SERVICES: '0', TASKS: '0' });
    expect(socketProxy.networks).toEqual(['proxy-docker-api']);
    expect(c.networks!['proxy-docker-api']).toEqual({ internal: true });
    expect(Object.entries(c.services).filter(([, x]) => (x.networks as string[] | undefined)?.includes('proxy-docker-api')).map(([n]) => n).sort()).toEqual(['docker-socket-proxy', 'proxy']);
  });

  it('GIVEN both renderings THEN they run the same services with the same environment (only routing differs)', () => {
    const a = files.compose().services;
    const b = labels.compose().services;
    expect(Object.keys(b).filter((n) => n !== 'docker-socket-proxy').sort()).toEqual(Object.keys(a).sort());
    for (const name of Object.keys(a)) expect(b[name]!.environment, name).toEqual(a[name]!.environment);
    expect(labels.text('api.Dockerfile')).toBe(files.text('api.Dockerfile'));
  });

  it('GIVEN the dashboard password in .env THEN derive-auth.sh writes a bcrypt file that htpasswd verifies, and no password anywhere', () => {
    const dir = tempDir('slipway-dropit-auth-');
    const password = 'dashboard-Pa55-word';
    const r = spawnSync('sh', [join(files.dir, 'proxy/derive-auth.sh')], { encoding: 'utf8', env: { ...process.env, AUTH_DIR: dir, PROXY_DASHBOARD_PASSWORD: password }, timeout: 30_000 });
    expect(r.status, r.stderr).toBe(0);
    const htpasswd = readFileSync(join(dir, 'dashboard.htpasswd'), 'utf8');
    expect(htpasswd).toMatch(/^admin:\$2y\$/);
    expect(spawnSync('htpasswd', ['-vb', join(dir, 'dashboard.htpasswd'), 'admin', password]).status).toBe(0);
    expect(spawnSync('htpasswd', ['-vb', join(dir, 'dashboard.htpasswd'), 'admin', 'wrong']).status).not.toBe(0);
    for (const f of files.files()) expect(files.text(f), f).not.toContain(password);
  });
});

describe('examples/dropit: DEPLOY.md', () => {
  it('GIVEN the runbook THEN every name has its A record (dashboard included), only 80/443 are public, and the checks are spelled out', () => {
    const md = files.text('DEPLOY.md');
    for (const host of [DOMAIN, `api.${DOMAIN}`, `www.${DOMAIN}`, `traefik.${DOMAIN}`]) {
      expect(md).toContain(`| A | ${host} | 83.228.204.62 |`);
      expect(md).toContain(`dig +short A ${host}`);
    }
    expect(md).toContain('| proxy | 0.0.0.0 | 80/tcp | 80 | the internet |');
    expect(md).toContain('| proxy | 0.0.0.0 | 443/tcp | 443 | the internet |');
    expect(md).not.toContain('3000/tcp'); // the seed's open Dokploy port is gone
    expect(md).toContain(`curl -fsS -o /dev/null -w '%{http_code}\\n' https://api.${DOMAIN}/`);
    expect(md).toContain(`curl -sI https://www.${DOMAIN}/ | grep -i '^location: https://${DOMAIN}'`);
    expect(md).toContain('`BREVO_API_KEY`: Brevo');
    expect(md).toContain('every day at 03:00 UTC');
  });
});

// The SPA's own nginx server block (copied into the web image), served by the real nginx with a
// stand-in dist/: client-side routes fall back to index.html, hashed assets are cached for a
// year, a missing asset is a real 404, and /healthz answers the container health check.
const canRun = TestNamespace.available() && spawnSync('nginx', ['-v']).status === 0;

describe.skipIf(!canRun)('examples/dropit: live traffic through the web image’s nginx config', () => {
  let ns: TestNamespace;
  let dir: string;
  let args: string[];

  beforeAll(async () => {
    dir = tempDir('slipway-dropit-web-');
    const html = join(dir, 'html');
    mkdirSync(join(html, 'assets'), { recursive: true });
    writeFileSync(join(html, 'index.html'), '<!doctype html><div id="root">dropit</div>');
    writeFileSync(join(html, 'assets/index-3f2a9c1b.js'), 'console.log("dropit");\n'.repeat(200));
    writeFileSync(join(dir, 'default.conf'), files.text('web.nginx.conf').split('/usr/share/nginx/html').join(html));
    writeFileSync(join(dir, 'nginx.conf'), wrapServerBlock(dir, join(dir, 'default.conf')));
    spawnSync('chmod', ['-R', 'a+rX', dir]);
    args = nginxArgs(dir, join(dir, 'nginx.conf'));
    ns = await TestNamespace.start({});
    const test = ns.run('nginx', ['-t', ...args]);
    expect(test.status, test.stderr).toBe(0);
    const start = ns.run('nginx', args);
    expect(start.status, start.stderr).toBe(0);
  });

  afterAll(() => {
    if (ns && args) ns.run('nginx', [...args, '-s', 'quit']);
    ns?.stop();
  });

  it('GIVEN a client-side route THEN index.html is served, not cached', () => {
    const r = curl(ns, 'http://web:8080/athletes/42/workouts');
    expect(r.status).toBe(200);
    expect(r.body).toContain('<div id="root">dropit</div>');
    expect(r.headers['cache-control']).toBe('no-cache');
  });

  it('GIVEN a hashed asset THEN it is cached for a year as immutable, and compressed', () => {
    const r = curl(ns, 'http://web:8080/assets/index-3f2a9c1b.js', ['-H', 'Accept-Encoding: gzip', '-o', '/dev/null']);
    expect(r.status).toBe(200);
    expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(r.headers['content-encoding']).toBe('gzip');
    // Exactly one Cache-Control header: two conflicting max-age values make caches treat the response as stale.
    const raw = ns.run('curl', ['-sS', '-I', '--max-time', '10', '--resolve', 'web:8080:127.0.0.1', 'http://web:8080/assets/index-3f2a9c1b.js']).stdout;
    expect(raw.match(/^cache-control:/gim)).toHaveLength(1);
  });

  it('GIVEN a missing asset THEN 404 (not index.html, which would hide a broken deploy)', () => {
    expect(curl(ns, 'http://web:8080/assets/index-00000000.js').status).toBe(404);
  });

  it('GIVEN the health path THEN 200 ok, and the Server header carries no version', () => {
    const r = curl(ns, 'http://web:8080/healthz');
    expect(r.status).toBe(200);
    expect(r.body).toBe('ok\n');
    expect(r.headers.server).toBe('nginx');
  });
});
