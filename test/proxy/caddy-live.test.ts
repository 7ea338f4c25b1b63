import { Testing } from '@slipway/constructs';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapPaths, tempDir, writeOutput } from './_files.js';
import { curl, TestNamespace } from './namespace.js';
import { ADMIN_PASSWORD, SERVICE_IPS, testStack } from './stack.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const hasCaddy = spawnSync('caddy', ['version']).status === 0;

/** Synthesizes the test stack for Caddy, derives the password files, maps container paths. */
function prepare(mode: 'production' | 'local'): { dir: string; caddyfile: string; text: string } {
  const out = Testing.synth(testStack({ proxy: 'caddy', mode }));
  const dir = tempDir('slipway-caddy-');
  writeOutput(join(dir, 'deploy'), out.files, out.modes);
  const auth = join(dir, 'auth');
  mkdirSync(auth);
  const derive = spawnSync('sh', [join(dir, 'deploy/proxy/derive-auth.sh')], { encoding: 'utf8', env: { ...process.env, AUTH_DIR: auth, ADMIN_PASSWORD } });
  if (derive.status !== 0) throw new Error(derive.stderr);
  const text = out.text('caddy/Caddyfile');
  const caddyfile = join(dir, 'Caddyfile');
  writeFileSync(caddyfile, mapPaths(text, { '/etc/slipway/auth': auth }));
  return { dir, caddyfile, text };
}

function validate(caddyfile: string, dir: string) {
  return spawnSync('caddy', ['validate', '--config', caddyfile, '--adapter', 'caddyfile'], {
    encoding: 'utf8',
    env: { ...process.env, HOME: dir, XDG_DATA_HOME: join(dir, 'data'), XDG_CONFIG_HOME: join(dir, 'config') },
    timeout: 30_000,
  });
}

describe.skipIf(!hasCaddy)('Caddy, the real binary judges the Caddyfile', () => {
  it.each(['production', 'local'] as const)('GIVEN %s mode THEN caddy validate accepts the Caddyfile', (mode) => {
    const { dir, caddyfile } = prepare(mode);
    const r = validate(caddyfile, dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toContain('Valid configuration');
  });

  it('GIVEN production mode THEN sites get automatic HTTPS with the Mozilla profile and the ACME e-mail', () => {
    const { text } = prepare('production');
    expect(text).toContain('email ops@example.com');
    expect(text).toContain('protocols tls1.2 tls1.3');
    expect(text).toMatch(/^example\.com \{$/m);
    expect(text).toContain('redir https://example.com{uri} 308');
    expect(text).toContain('needs the caddy-ratelimit plugin');
    expect(text).not.toContain(ADMIN_PASSWORD);
  });
});

describe.skipIf(!hasCaddy || !TestNamespace.available())('Caddy, live traffic in local mode', () => {
  let ns: TestNamespace;
  let env: NodeJS.ProcessEnv;
  let caddyfile: string;

  beforeAll(async () => {
    const prepared = prepare('local');
    caddyfile = prepared.caddyfile;
    spawnSync('chmod', ['-R', 'a+rX', prepared.dir]);
    env = { ...process.env, HOME: prepared.dir, XDG_DATA_HOME: join(prepared.dir, 'data'), XDG_CONFIG_HOME: join(prepared.dir, 'config') };
    // Caddy resolves upstream names with the system resolver: the namespace's /etc/hosts.
    ns = await TestNamespace.start({ api: SERVICE_IPS.api, web: SERVICE_IPS.web });
    await ns.spawn('node', [join(fixtures, 'upstream.mjs'), 'api', SERVICE_IPS.api, '3000'], 'api ready');
    await ns.spawn('node', [join(fixtures, 'upstream.mjs'), 'web', SERVICE_IPS.web, '8080'], 'web ready');
    const start = ns.run('caddy', ['start', '--config', caddyfile, '--adapter', 'caddyfile'], { env, timeoutMs: 20_000 });
    expect(start.status, start.stderr).toBe(0);
  });

  afterAll(() => {
    ns?.run('caddy', ['stop'], { env, timeoutMs: 10_000 });
    ns?.stop();
  });

  it('GIVEN local mode THEN routes answer over plain HTTP by host and path, with the secure headers', () => {
    const web = curl(ns, 'http://example.com/products/1');
    expect(web.status).toBe(200);
    expect(JSON.parse(web.body)).toMatchObject({ service: 'web', url: '/products/1' });
    const api = curl(ns, 'http://example.com.localhost/api/users');
    expect(JSON.parse(api.body)).toMatchObject({ service: 'api', url: '/users' });
    expect(web.headers['x-content-type-options']).toBe('nosniff');
    expect(web.headers['strict-transport-security']).toBeUndefined();
    expect(web.headers['x-powered-by']).toBeUndefined();
    expect(web.headers.server).toBeUndefined();
  });

  it('GIVEN basic auth THEN 401 without credentials, 200 with them', () => {
    expect(curl(ns, 'http://admin.example.com/').status).toBe(401);
    expect(curl(ns, 'http://admin.example.com/', ['-u', `ops:${ADMIN_PASSWORD}`]).status).toBe(200);
  });

  it('GIVEN spa, body limit, gzip, hashed assets and www redirect THEN Caddy behaves like nginx', () => {
    expect(curl(ns, 'http://example.com/missing/route').body).toContain('index of web');
    expect(curl(ns, 'http://example.com/big.txt', ['-H', 'Accept-Encoding: gzip', '-o', '/dev/null']).headers['content-encoding']).toBe('gzip');
    expect(curl(ns, 'http://example.com/assets/app-9f8e7d6c.css').headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const www = curl(ns, 'http://www.example.com/about');
    expect(www.status).toBe(308);
    expect(www.headers.location).toBe('http://example.com/about');
    expect(curl(ns, 'http://internal.example.com/').status).toBe(403);
  });
});
