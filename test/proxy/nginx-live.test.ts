import { Testing } from '@slipway/constructs';
import { MOZILLA_INTERMEDIATE } from '../../packages/constructs/src/proxy/tls-profile.js';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapPaths, selfSignedCertificate, tempDir, writeOutput } from './_files.js';
import { curl, TestNamespace } from './namespace.js';
import { ADMIN_PASSWORD, SERVICE_IPS, testStack } from './stack.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const canRun = TestNamespace.available() && spawnSync('nginx', ['-v']).status === 0;

// Real nginx (Debian's 1.22) serving the generated nginx.conf inside a private network namespace,
// with stand-in upstreams on loopback and a DNS stub in place of Docker's 127.0.0.11.
describe.skipIf(!canRun)('nginx, live traffic through the generated config', () => {
  let ns: TestNamespace;
  let dir: string;
  let nginxArgs: string[];

  beforeAll(async () => {
    const out = Testing.synth(testStack({ proxy: 'nginx' }));
    dir = tempDir('slipway-nginx-');
    writeOutput(join(dir, 'deploy'), out.files, out.modes);
    const paths = { le: join(dir, 'le'), webroot: join(dir, 'webroot'), auth: join(dir, 'auth'), logs: join(dir, 'logs') };
    for (const p of Object.values(paths)) mkdirSync(p, { recursive: true });
    selfSignedCertificate(paths.le, 'example.com', ['example.com', 'www.example.com']);
    for (const h of ['admin.example.com', 'internal.example.com', 'limited.example.com', 'reports.example.com']) selfSignedCertificate(paths.le, h, [h]);
    mkdirSync(join(paths.webroot, '.well-known/acme-challenge'), { recursive: true });
    writeFileSync(join(paths.webroot, '.well-known/acme-challenge/token-123'), 'token-123.key-auth');
    // The generated derive-auth.sh hashes the password from the environment, as proxy-auth does.
    const derive = spawnSync('sh', [join(dir, 'deploy/proxy/derive-auth.sh')], {
      encoding: 'utf8',
      env: { ...process.env, AUTH_DIR: paths.auth, ADMIN_PASSWORD },
    });
    expect(derive.status, derive.stderr).toBe(0);
    spawnSync('chmod', ['-R', 'a+rX', dir]);

    const conf = mapPaths(out.text('nginx/nginx.conf'), {
      '/etc/letsencrypt': paths.le,
      '/var/www/certbot': paths.webroot,
      '/etc/slipway/auth': paths.auth,
      '/var/log/nginx': paths.logs,
    });
    writeFileSync(join(dir, 'nginx.conf'), conf);
    nginxArgs = ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(paths.logs, 'error.log'), '-g', `pid ${join(dir, 'nginx.pid')};`];

    ns = await TestNamespace.start({ api: SERVICE_IPS.api, web: SERVICE_IPS.web });
    await ns.spawn('node', [join(fixtures, 'dns-stub.mjs'), '127.0.0.11', JSON.stringify(SERVICE_IPS)], 'dns ready');
    await ns.spawn('node', [join(fixtures, 'upstream.mjs'), 'api', SERVICE_IPS.api, '3000'], 'api ready');
    await ns.spawn('node', [join(fixtures, 'upstream.mjs'), 'web', SERVICE_IPS.web, '8080'], 'web ready');
    const test = ns.run('nginx', ['-t', ...nginxArgs]);
    expect(test.status, test.stderr).toBe(0);
    const start = ns.run('nginx', nginxArgs);
    expect(start.status, start.stderr).toBe(0);
  });

  afterAll(() => {
    if (ns && nginxArgs) ns.run('nginx', [...nginxArgs, '-s', 'quit']);
    ns?.stop();
  });

  it('GIVEN two Domains on one host WHEN requested by path THEN each reaches its service, /api with the prefix stripped', () => {
    const web = curl(ns, 'https://example.com/products/42');
    expect(web.status).toBe(200);
    expect(JSON.parse(web.body)).toMatchObject({ service: 'web', url: '/products/42', host: 'example.com', forwardedProto: 'https' });
    const api = curl(ns, 'https://example.com/api/users?page=2');
    expect(JSON.parse(api.body)).toMatchObject({ service: 'api', url: '/users?page=2' });
    const admin = curl(ns, 'https://admin.example.com/', ['-u', `ops:${ADMIN_PASSWORD}`]);
    expect(JSON.parse(admin.body)).toMatchObject({ service: 'api', host: 'admin.example.com' });
  });

  it('GIVEN plain HTTP THEN it redirects with 308 to HTTPS, but ACME challenges are answered from the webroot', () => {
    const r = curl(ns, 'http://example.com/cart?x=1');
    expect(r.status).toBe(308);
    expect(r.headers.location).toBe('https://example.com/cart?x=1');
    const challenge = curl(ns, 'http://example.com/.well-known/acme-challenge/token-123');
    expect(challenge.status).toBe(200);
    expect(challenge.body).toBe('token-123.key-auth');
  });

  it('GIVEN www-to-apex THEN www redirects with 308 to the apex', () => {
    const r = curl(ns, 'https://www.example.com/about');
    expect(r.status).toBe(308);
    expect(r.headers.location).toBe('https://example.com/about');
  });

  it('GIVEN any route THEN HSTS and the secure headers are set, Server has no version and X-Powered-By is gone', () => {
    const r = curl(ns, 'https://example.com/');
    expect(r.headers['strict-transport-security']).toBe('max-age=63072000');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(r.headers['permissions-policy']).toContain('camera=()');
    expect(r.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(r.headers['content-security-policy']).toBe("default-src 'self'");
    expect(r.headers.server).toBe('nginx');
    expect(r.headers['x-powered-by']).toBeUndefined();
    const api = curl(ns, 'https://example.com/api/x');
    expect(api.headers['strict-transport-security']).toBe('max-age=63072000; includeSubDomains; preload');
  });

  it('GIVEN a rate limit of 2 r/s with burst 3 WHEN 30 requests arrive back to back THEN the excess gets 429', () => {
    // Sized so the assertions hold even if the burst takes 10 s on a loaded machine (tokens refill meanwhile).
    const urls = Array.from({ length: 30 }, (_, i) => `https://limited.example.com/ping/${i}`);
    const r = ns.run('curl', ['-sk', '--max-time', '20', '--resolve', 'limited.example.com:443:127.0.0.1', '-w', '%{http_code}\\n', ...urls.flatMap((u) => ['-o', '/dev/null', u])]);
    const codes = r.stdout.trim().split('\n').map(Number);
    expect(codes).toHaveLength(30);
    expect(codes.filter((c) => c === 200).length).toBeGreaterThanOrEqual(3);
    expect(codes.filter((c) => c === 429).length).toBeGreaterThanOrEqual(5);
    expect(codes.every((c) => c === 200 || c === 429)).toBe(true);
  });

  it('GIVEN basic auth from a Secret THEN no credentials get 401, wrong ones 401, the right ones 200', () => {
    expect(curl(ns, 'https://admin.example.com/').status).toBe(401);
    expect(curl(ns, 'https://admin.example.com/', ['-u', 'ops:wrong']).status).toBe(401);
    expect(curl(ns, 'https://admin.example.com/', ['-u', `ops:${ADMIN_PASSWORD}`]).status).toBe(200);
    const htpasswd = readFileSync(join(dir, 'auth/admin.htpasswd'), 'utf8');
    expect(htpasswd).toMatch(/^ops:\$2y\$10\$/);
    expect(htpasswd).not.toContain(ADMIN_PASSWORD);
  });

  it('GIVEN an allow-list that excludes loopback THEN the route answers 403', () => {
    expect(curl(ns, 'https://internal.example.com/').status).toBe(403);
  });

  it('GIVEN websocket: true WHEN a client asks to upgrade THEN the upgrade reaches the service (101)', () => {
    const r = ns.run('curl', [
      '-sk', '-i', '--http1.1', '--max-time', '5', '--resolve', 'example.com:443:127.0.0.1',
      '-H', 'Connection: Upgrade', '-H', 'Upgrade: websocket', '-H', 'Sec-WebSocket-Version: 13', '-H', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
      'https://example.com/api/ws',
    ]);
    expect(r.stdout).toMatch(/^HTTP\/1\.1 101/);
    expect(r.stdout).toContain('X-Upstream: api');
    expect(r.stdout).toContain('Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  });

  it('GIVEN spa: true WHEN the service answers 404 for a client-side route THEN index.html is served', () => {
    const r = curl(ns, 'https://example.com/missing/orders/7');
    expect(r.status).toBe(200);
    expect(r.body).toContain('index of web');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });

  it('GIVEN hashed assets THEN they get long-cache immutable headers, other paths do not', () => {
    expect(curl(ns, 'https://example.com/assets/index-3f2a9c1b.js').headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(curl(ns, 'https://example.com/about').headers['cache-control']).toBeUndefined();
  });

  it('GIVEN maxBodySize 1m WHEN 2 MB are posted THEN 413; 100 kB pass', () => {
    const big = join(dir, 'big.bin');
    writeFileSync(big, Buffer.alloc(2 * 1024 * 1024, 97));
    expect(curl(ns, 'https://example.com/api/upload', ['--data-binary', `@${big}`]).status).toBe(413);
    const small = join(dir, 'small.bin');
    writeFileSync(small, Buffer.alloc(100 * 1024, 97));
    const ok = curl(ns, 'https://example.com/api/upload', ['--data-binary', `@${small}`]);
    expect(JSON.parse(ok.body)).toMatchObject({ bytes: 100 * 1024 });
  });

  it('GIVEN a client accepting gzip THEN text is compressed', () => {
    const r = curl(ns, 'https://example.com/big.txt', ['-H', 'Accept-Encoding: gzip', '-o', '/dev/null']);
    expect(r.headers['content-encoding']).toBe('gzip');
    expect(r.headers.vary).toContain('Accept-Encoding');
  });

  it('GIVEN a service that is down THEN nginx still runs and that route answers 502', () => {
    expect(curl(ns, 'https://reports.example.com/').status).toBe(502);
    expect(curl(ns, 'https://example.com/').status).toBe(200);
  });

  it('GIVEN an unknown host THEN the TLS handshake is refused', () => {
    const r = ns.run('curl', ['-sk', '--max-time', '5', '--resolve', 'unknown.example.org:443:127.0.0.1', 'https://unknown.example.org/']);
    expect(r.status).not.toBe(0);
  });

  it('GIVEN the Mozilla intermediate profile THEN only TLS 1.2/1.3 and ECDHE AEAD ciphers are accepted', () => {
    const handshake = (args: string[]) =>
      ns.run('openssl', ['s_client', '-connect', '127.0.0.1:443', '-servername', 'example.com', ...args], { input: '', timeoutMs: 10_000 }).stdout;
    const negotiated = (args: string[]) => /Cipher is (\S+)/.exec(handshake(args))?.[1];
    expect(negotiated(['-tls1_3'])).toMatch(/^TLS_(AES_\d+_GCM|CHACHA20_POLY1305)_SHA\d+$/);
    expect(MOZILLA_INTERMEDIATE.ciphersOpenssl).toContain(negotiated(['-tls1_2']));
    expect(negotiated(['-tls1_2', '-cipher', 'ECDHE-RSA-CHACHA20-POLY1305'])).toBe('ECDHE-RSA-CHACHA20-POLY1305');
    for (const weak of ['ECDHE-RSA-AES128-SHA256', 'ECDHE-RSA-AES256-SHA', 'AES128-GCM-SHA256', 'DHE-RSA-AES128-GCM-SHA256']) {
      expect(negotiated(['-tls1_2', '-cipher', weak]), weak).toMatch(/^\(NONE\)$|^$|undefined/);
    }
    for (const old of ['-tls1', '-tls1_1']) expect(negotiated([old, '-cipher', 'DEFAULT@SECLEVEL=0']), old).not.toMatch(/^(ECDHE|AES|TLS)/);
  });
});
