import { App, Domain, HealthCheck, Service, Testing, type AppProps } from '@slipway/constructs';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mapPaths, selfSignedCertificate, tempDir } from './_files.js';
import { testStack } from './stack.js';

const hasNginx = spawnSync('nginx', ['-v']).status === 0;
const hasShellcheck = spawnSync('shellcheck', ['--version']).status === 0;

function minimal(props: AppProps): App {
  const app = new App({ name: 'mini', acme: { email: 'ops@example.com' }, proxy: 'nginx', ...props });
  const api = new Service(app, 'api', { image: 'acme/api:1.0.0', port: 3000, healthCheck: HealthCheck.http(3000, '/health') });
  new Domain(app, 'api-domain', { host: 'api.example.com', to: api });
  return app;
}

/** `nginx -t` on a synthesized config, container paths mapped to a temp folder with test certificates. */
function nginxTest(app: App): { status: number | null; output: string; conf: string } {
  const out = Testing.synth(app);
  const conf = out.text('nginx/nginx.conf');
  const dir = tempDir('slipway-nginx-t-');
  const le = join(dir, 'le');
  for (const m of conf.matchAll(/ssl_certificate \S+\/live\/([^/]+)\/fullchain\.pem;/g)) selfSignedCertificate(le, m[1]!, [m[1]!]);
  mkdirSync(join(dir, 'logs'));
  const mapped = mapPaths(conf, { '/etc/letsencrypt': le, '/var/log/nginx': join(dir, 'logs'), '/etc/slipway/auth': join(dir, 'auth') });
  writeFileSync(join(dir, 'nginx.conf'), mapped);
  const r = spawnSync('nginx', ['-t', '-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'logs/error.log'), '-g', `pid ${join(dir, 'nginx.pid')};`], { encoding: 'utf8' });
  return { status: r.status, output: r.stderr, conf };
}

describe.skipIf(!hasNginx)('nginx -t accepts every variant the default syntax level produces', () => {
  it.each([
    ['the full test stack, production', () => testStack({ proxy: 'nginx' })],
    ['the full test stack, local mode', () => testStack({ proxy: 'nginx', mode: 'local' })],
    ['one Domain, production', () => minimal({})],
    ['one Domain, local mode', () => minimal({ mode: 'local' })],
    ['explicit nginxVersion 1.22', () => minimal({ proxyOptions: { nginxVersion: '1.22' } })],
  ])('GIVEN %s THEN nginx -t passes', (_name, make) => {
    const r = nginxTest(make());
    expect(r.output).toContain('syntax is ok');
    expect(r.output).toContain('test is successful');
    expect(r.status).toBe(0);
  });

  it('GIVEN local mode THEN no TLS, no redirect, and .localhost aliases', () => {
    const { conf } = nginxTest(minimal({ mode: 'local' }));
    expect(conf).not.toContain('ssl_');
    expect(conf).not.toContain('return 308 https');
    expect(conf).toContain('server_name api.example.com api.example.com.localhost;');
  });
});

describe('nginx syntax levels newer than the test binary (checked structurally)', () => {
  it('GIVEN nginxVersion 1.25.1 THEN http2 is its own directive', () => {
    const conf = Testing.synth(minimal({ proxyOptions: { nginxVersion: '1.25.1' } })).text('nginx/nginx.conf');
    expect(conf).toContain('listen 443 ssl;\n    http2 on;');
    expect(conf).not.toContain('ssl http2');
  });

  it('GIVEN nginxVersion 1.28 THEN upstreams resolve at run time and keep connections alive', () => {
    const conf = Testing.synth(minimal({ proxyOptions: { nginxVersion: '1.28' } })).text('nginx/nginx.conf');
    expect(conf).toContain('upstream api_domain {\n    zone api_domain 64k;\n    server api:3000 resolve;\n    keepalive 16;\n  }');
    expect(conf).toContain('proxy_pass http://api_domain;');
    expect(conf).not.toContain('set $upstream_');
  });
});

describe.skipIf(!hasShellcheck)('generated scripts pass shellcheck', () => {
  it.each(['init-ssl.sh', 'nginx/reload-on-renew.sh', 'proxy/derive-auth.sh'])('GIVEN %s THEN shellcheck finds nothing', (path) => {
    const out = Testing.synth(testStack({ proxy: 'nginx' }));
    const r = spawnSync('shellcheck', ['-'], { input: out.text(path), encoding: 'utf8' });
    expect(r.stdout).toBe('');
    expect(r.status).toBe(0);
    expect(out.modes[path]).toBe(0o755);
  });

  it('GIVEN init-ssl.sh THEN it bootstraps with a temporary certificate, supports --staging and reloads nginx', () => {
    const text = Testing.synth(testStack({ proxy: 'nginx' })).text('init-ssl.sh');
    expect(text).toContain("  'example.com www.example.com'");
    expect(text).toContain('openssl req -x509 -nodes -newkey rsa:2048 -days 1');
    expect(text).toContain('--staging) staging=1 ;;');
    expect(text).toContain('certbot certonly --webroot -w /var/www/certbot');
    expect(text).toContain("email='ops@example.com'");
    expect(text).toContain('docker compose exec proxy nginx -c /etc/nginx/slipway/nginx.conf -s reload');
    expect(text.indexOf('docker compose up -d proxy')).toBeLessThan(text.indexOf('certbot certonly'));
  });
});
