import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { header, request } from './_support/https.js';
import { step } from './_support/report.js';
import { EngineStack } from './_support/stack.js';

// Generated Dockerfiles built for real by BuildKit (buildx), from the stand-in base images pulled
// from the local registry: a NestJS API (npm ci, tsc, prune), a Next.js site from its standalone
// output and a Vite SPA served by unprivileged nginx, deployed by deploy.sh behind the generated
// nginx in local mode (fixture test/engine/fixtures/builds). Dependencies come from the npm registry.
const NAME = 'builds (NestJS, Next.js, Vite)';
const HOSTS = ['builds.example', 'api.builds.example', 'site.builds.example'];
const stack = new EngineStack('test/engine/fixtures/builds', 'deploy', 'builds');
const get = (url: string) => request(url, { hosts: HOSTS });

describe('images built by BuildKit from the generated Dockerfiles', () => {
  beforeAll(() => {
    stack.synth().initSecrets();
  });
  afterAll(() => stack.destroy());

  it('GIVEN sources WHEN ./deploy.sh runs THEN it builds the three images and every service is healthy', async () => {
    await step(NAME, 'up', () => {
      const r = stack.deploy([], { HEALTH_TIMEOUT: '180' });
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toContain('building api site web');
    });
    await step(NAME, 'healthy', () => {
      expect(stack.states()).toEqual({ api: 'healthy', db: 'healthy', proxy: 'healthy', site: 'healthy', web: 'healthy' });
      // the images' own unprivileged users (node's 1000, nginx-unprivileged's 101)
      expect([stack.inspect('api', '{{.Config.User}}'), stack.inspect('web', '{{.Config.User}}')]).toEqual(['1000:1000', '101:101']);
    });
  });

  it('THEN the built NestJS app answers through the proxy with data from PostgreSQL', async () => {
    await step(NAME, 'proxied requests', () => {
      const r = get('http://api.builds.example/health');
      expect(r.status, r.body).toBe(200);
      expect(r.body).toBe('nest db=builds');
    });
  });

  it('THEN the built Next.js server renders its page through the proxy', async () => {
    await step(NAME, 'proxied requests', () => {
      const r = get('http://site.builds.example/');
      expect(r.status, r.body).toBe(200);
      expect(r.body).toMatch(/next\.js standalone built by BuildKit at <!-- -->\d{4}|next\.js standalone built by BuildKit at \d{4}/);
      expect(get('http://site.builds.example/robots.txt').body).toBe('public assets\n');
    });
  });

  it('THEN the built SPA serves index.html for client routes and hashed assets with a long cache', async () => {
    await step(NAME, 'proxied requests', () => {
      const page = get('http://builds.example/orders/42');
      expect(page.status).toBe(200);
      expect(page.body).toContain('<main id="app"></main>');
      const asset = /src="(\/assets\/index-[^"]+\.js)"/.exec(page.body)?.[1];
      expect(asset).toBeDefined();
      const js = get(`http://builds.example${asset}`);
      expect(js.status).toBe(200);
      expect(js.body).toContain('vite spa built by BuildKit');
      expect(header(js, 'cache-control')).toBe('public, max-age=31536000, immutable');
    });
  });
});
