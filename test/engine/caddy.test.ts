import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, sh } from './_support/engine.js';
import { header, request } from './_support/https.js';
import { Pebble } from './_support/pebble.js';
import { step } from './_support/report.js';
import { EngineStack } from './_support/stack.js';

// An API and PostgreSQL behind Caddy (fixture test/engine/fixtures/caddy-shop): Caddy obtains its
// certificates from pebble by itself; basic auth hashes are derived from .env at start.
const NAME = 'caddy-shop';
const HOSTS = ['shop.example', 'www.shop.example', 'admin.shop.example'];
const stack = new EngineStack('test/engine/fixtures/caddy-shop', 'deploy', NAME);
const pebble = new Pebble();
let ca = '';
const get = (url: string, args = '') => request(url, { hosts: HOSTS, ca, args });

describe('Caddy on a real engine, certificates from an ACME server', () => {
  beforeAll(async () => {
    stack.synth().initSecrets();
    await pebble.start();
  });
  afterAll(() => {
    pebble.stop();
    stack.destroy();
  });

  it('GIVEN a fresh server WHEN ./deploy.sh runs THEN every service is healthy', async () => {
    await step(NAME, 'up', () => {
      const r = stack.deploy();
      expect(r.code, r.stdout + r.stderr).toBe(0);
    });
    await step(NAME, 'healthy', () => {
      expect(stack.states()).toEqual({ api: 'healthy', db: 'healthy', proxy: 'healthy', 'proxy-auth': 'exited' });
    });
  });

  it('THEN Caddy obtained certificates from the ACME server and serves HTTPS that verifies against its root', async () => {
    await step(NAME, 'TLS', async () => {
      ca = pebble.root();
      const served = await eventually(() => get('https://shop.example/health').status === 200, 60, 2000);
      expect(served, get('https://shop.example/health').raw.stderr).toBe(true);
      const issuer = sh('echo | openssl s_client -connect 127.0.0.1:443 -servername shop.example 2>/dev/null | openssl x509 -noout -issuer');
      expect(issuer.stdout).toMatch(/Pebble Intermediate/);
    });
  });

  it('THEN requests are routed with HSTS, HTTP and www redirect with 308, and the admin host needs its password', async () => {
    await step(NAME, 'proxied requests', () => {
      const page = get('https://shop.example/orders?x=1');
      expect(page.status).toBe(200);
      expect(JSON.parse(page.body).path).toBe('/orders?x=1');
      expect(header(page, 'strict-transport-security')).toMatch(/^max-age=63072000/);
      expect(header(page, 'x-content-type-options')).toBe('nosniff');
      const http = get('http://shop.example/a?b=1');
      expect([http.status, http.redirect]).toEqual([308, 'https://shop.example/a?b=1']);
      const www = get('https://www.shop.example/p');
      expect([www.status, www.redirect]).toEqual([308, 'https://shop.example/p']);
      expect(get('https://admin.shop.example/').status).toBe(401);
      const password = /^ADMIN_PASSWORD=(.*)$/m.exec(readFileSync(join(stack.dir, '.env'), 'utf8'))?.[1]?.replace(/^['"]|['"]$/g, '');
      expect(password).toBeTruthy();
      expect(get('https://admin.shop.example/', `-u ops:${password}`).status).toBe(200);
      expect(get('https://admin.shop.example/', '-u ops:wrong').status).toBe(401);
    });
  });
});
