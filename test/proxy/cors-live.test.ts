import { App, Domain, HealthCheck, Secret, Service, Testing } from '@slipway/constructs';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapPaths, tempDir, writeOutput } from './_files.js';
import { TestNamespace } from './namespace.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const canRun = TestNamespace.available();
const hasNginx = spawnSync('nginx', ['-v']).status === 0;
const hasCaddy = spawnSync('caddy', ['version']).status === 0;
const PASSWORD = 'cors-test-password-42';
const API_IP = '127.0.0.2';

/** One API behind two Domains with `cors`: a public one and one behind basic auth. */
function corsStack(proxy: 'nginx' | 'caddy'): App {
  const app = new App({ name: 'shop', proxy, mode: 'local' });
  const api = new Service(app, 'api', { image: 'acme/api:1.0.0', port: 3000, healthCheck: HealthCheck.http(3000, '/health') });
  const cors = { allowOrigins: ['https://app.example.com', 'http://localhost:3000'], allowHeaders: ['Content-Type', 'X-API-Key'], exposeHeaders: ['X-Request-Id'], allowCredentials: true, maxAge: 900 };
  new Domain(app, 'api-domain', { host: 'api.example.com', to: api, cors });
  new Domain(app, 'admin', {
    host: 'admin.example.com',
    to: api,
    cors,
    basicAuth: { users: [{ user: 'ops', password: new Secret(app, 'admin-password', { generate: 'alnum-24' }) }] },
  });
  return app;
}

interface Exchange {
  readonly status: number;
  /** Every header line, lowercase name → values (repeated headers stay separate). */
  readonly headers: Record<string, string[]>;
  readonly body: string;
}

/** curl inside the namespace, keeping repeated headers (a duplicated Access-Control-Allow-Origin must show). */
function request(ns: TestNamespace, url: string, extra: readonly string[] = []): Exchange {
  const host = new URL(url).hostname;
  const r = ns.run('curl', ['-sS', '-D', '-', '--max-time', '10', '--resolve', `${host}:80:127.0.0.1`, ...extra, url]);
  if (r.status !== 0) throw new Error(`curl ${url} failed: ${r.stderr}`);
  const [head = '', ...rest] = r.stdout.split('\r\n\r\n');
  const lines = head.split('\r\n');
  const headers: Record<string, string[]> = {};
  for (const l of lines.slice(1)) {
    const i = l.indexOf(':');
    (headers[l.slice(0, i).toLowerCase()] ??= []).push(l.slice(i + 1).trim());
  }
  return { status: Number(lines[0]!.split(' ')[1]), headers, body: rest.join('\r\n\r\n') };
}

const preflight = (origin: string) => ['-X', 'OPTIONS', '-H', `Origin: ${origin}`, '-H', 'Access-Control-Request-Method: POST', '-H', 'Access-Control-Request-Headers: x-api-key'];

/** The same behaviour asked of every proxy. */
function corsBehaviour(ctx: () => TestNamespace) {
  it('GIVEN an allowed origin WHEN it calls the API THEN exactly one Access-Control-Allow-Origin echoes it, with credentials, exposed headers and Vary', () => {
    const r = request(ctx(), 'http://api.example.com/orders', ['-H', 'Origin: https://app.example.com']);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ service: 'api', method: 'GET', origin: 'https://app.example.com' });
    expect(r.headers['access-control-allow-origin']).toEqual(['https://app.example.com']);
    expect(r.headers['access-control-allow-credentials']).toEqual(['true']);
    expect(r.headers['access-control-expose-headers']).toEqual(['X-Request-Id']);
    expect(r.headers.vary?.join(',')).toContain('Origin');
    expect(r.headers['access-control-allow-methods']).toBeUndefined();
  });

  it('GIVEN another origin THEN no Access-Control-Allow-Origin at all: the service\'s own "*" is dropped', () => {
    const r = request(ctx(), 'http://api.example.com/orders', ['-H', 'Origin: https://evil.example.net']);
    expect(r.status).toBe(200);
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
    expect(r.headers['access-control-allow-credentials']).toBeUndefined();
    expect(request(ctx(), 'http://api.example.com/orders').headers['access-control-allow-origin']).toBeUndefined();
  });

  it('GIVEN a preflight from an allowed origin THEN the proxy answers 204 itself with methods, headers and max-age', () => {
    const r = request(ctx(), 'http://api.example.com/orders', preflight('http://localhost:3000'));
    expect(r.status).toBe(204);
    expect(r.body).not.toContain('reached the service');
    expect(r.headers['access-control-allow-origin']).toEqual(['http://localhost:3000']);
    expect(r.headers['access-control-allow-methods']).toEqual(['GET, POST, PUT, PATCH, DELETE']);
    expect(r.headers['access-control-allow-headers']).toEqual(['Content-Type, X-API-Key']);
    expect(r.headers['access-control-max-age']).toEqual(['900']);
    expect(r.headers['x-content-type-options']).toEqual(['nosniff']);
  });

  it('GIVEN a preflight from another origin THEN 204 without Access-Control-Allow-Origin (the browser blocks the call)', () => {
    const r = request(ctx(), 'http://api.example.com/orders', preflight('https://evil.example.net'));
    expect(r.status).toBe(204);
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('GIVEN an OPTIONS request that is not a preflight THEN it reaches the service', () => {
    expect(request(ctx(), 'http://api.example.com/orders', ['-X', 'OPTIONS']).status).toBe(299);
  });

  it('GIVEN basic auth WHEN a browser preflights without credentials THEN 204; the call itself still needs them', () => {
    expect(request(ctx(), 'http://admin.example.com/x', preflight('https://app.example.com')).status).toBe(204);
    expect(request(ctx(), 'http://admin.example.com/x', ['-H', 'Origin: https://app.example.com']).status).toBe(401);
    const ok = request(ctx(), 'http://admin.example.com/x', ['-H', 'Origin: https://app.example.com', '-u', `ops:${PASSWORD}`]);
    expect(ok.status).toBe(200);
    expect(ok.headers['access-control-allow-origin']).toEqual(['https://app.example.com']);
  });
}

/** Synthesizes the stack, derives the htpasswd / Caddy auth files, returns the folder. */
function prepare(proxy: 'nginx' | 'caddy') {
  const out = Testing.synth(corsStack(proxy));
  const dir = tempDir(`slipway-cors-${proxy}-`);
  writeOutput(join(dir, 'deploy'), out.files, out.modes);
  const auth = join(dir, 'auth');
  const logs = join(dir, 'logs');
  mkdirSync(auth);
  mkdirSync(logs);
  const derive = spawnSync('sh', [join(dir, 'deploy/proxy/derive-auth.sh')], { encoding: 'utf8', env: { ...process.env, AUTH_DIR: auth, ADMIN_PASSWORD: PASSWORD } });
  if (derive.status !== 0) throw new Error(derive.stderr);
  spawnSync('chmod', ['-R', 'a+rX', dir]);
  return { out, dir, auth, logs };
}

describe.skipIf(!canRun || !hasNginx)('cors on nginx, live traffic', () => {
  let ns: TestNamespace;
  let args: string[];

  beforeAll(async () => {
    const { out, dir, auth, logs } = prepare('nginx');
    writeFileSync(join(dir, 'nginx.conf'), mapPaths(out.text('nginx/nginx.conf'), { '/etc/slipway/auth': auth, '/var/log/nginx': logs }));
    args = ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(logs, 'error.log'), '-g', `pid ${join(dir, 'nginx.pid')};`];
    ns = await TestNamespace.start({ api: API_IP });
    await ns.spawn('node', [join(fixtures, 'dns-stub.mjs'), '127.0.0.11', JSON.stringify({ api: API_IP })], 'dns ready');
    await ns.spawn('node', [join(fixtures, 'cors-upstream.mjs'), 'api', API_IP, '3000'], 'api ready');
    const test = ns.run('nginx', ['-t', ...args]);
    expect(test.status, test.stderr).toBe(0);
    const start = ns.run('nginx', args);
    expect(start.status, start.stderr).toBe(0);
  });

  afterAll(() => {
    if (ns && args) ns.run('nginx', [...args, '-s', 'quit']);
    ns?.stop();
  });

  corsBehaviour(() => ns);
});

describe.skipIf(!canRun || !hasCaddy)('cors on Caddy, live traffic', () => {
  let ns: TestNamespace;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    const { out, dir, auth } = prepare('caddy');
    const caddyfile = join(dir, 'Caddyfile');
    writeFileSync(caddyfile, mapPaths(out.text('caddy/Caddyfile'), { '/etc/slipway/auth': auth }));
    env = { ...process.env, HOME: dir, XDG_DATA_HOME: join(dir, 'data'), XDG_CONFIG_HOME: join(dir, 'config') };
    ns = await TestNamespace.start({ api: API_IP });
    await ns.spawn('node', [join(fixtures, 'cors-upstream.mjs'), 'api', API_IP, '3000'], 'api ready');
    const start = ns.run('caddy', ['start', '--config', caddyfile, '--adapter', 'caddyfile'], { env, timeoutMs: 20_000 });
    expect(start.status, start.stderr).toBe(0);
  });

  afterAll(() => {
    ns?.run('caddy', ['stop'], { env, timeoutMs: 10_000 });
    ns?.stop();
  });

  corsBehaviour(() => ns);
});
