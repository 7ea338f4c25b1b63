import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../_support/workspace.js';
import { mapPaths, selfSignedCertificate, tempDir } from '../proxy/_files.js';
import { curl, TestNamespace } from '../proxy/namespace.js';
import { DOMAIN, EXAMPLE, has, read } from './_support/ai-ko.js';

// Real nginx (Debian's) serving the committed nginx.conf of examples/ai-ko, production and dev,
// inside a private network namespace with stand-ins for the services and Docker's DNS.
const canRunNginx = TestNamespace.available() && has('nginx') && has('htpasswd');
const fixtures = join(ROOT, 'test/proxy/fixtures');

/** Stand-in services of the stack, each on its own loopback address. */
const IPS = { frontend: '127.0.0.2', backend: '127.0.0.3', grafana: '127.0.0.4' } as const;
const GRAFANA_AUTH = 'grafana-basic-auth-test';

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

  it('GIVEN the login limit (1 r/s, burst 5) WHEN 30 requests arrive back to back THEN the excess gets 429, while /api (10 r/s, burst 20) lets 12 through', () => {
    const auth = burst(s.ns, `https://${DOMAIN}/api/auth/login`, 30); // holds even if the burst takes 10 s
    expect(auth).toHaveLength(30);
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
