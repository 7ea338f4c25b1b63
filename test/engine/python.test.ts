import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from './_support/https.js';
import { step } from './_support/report.js';
import { EngineStack } from './_support/stack.js';

// The Python presets' Dockerfiles built for real by BuildKit (fixture test/engine/fixtures/python):
// a Flask API (its Flask-Migrate migration as deploy.sh's release command, a seed command before gunicorn starts), a Celery worker
// on the same image, and a Django project (migrate as the release command, collectstatic before start), with
// PostgreSQL and Redis behind nginx in local mode. pip installs from the stand-in python image's
// wheelhouse of Debian's packages, so the fixture pins Debian bookworm's versions.
const NAME = 'builds (Flask, Celery, Django)';
const HOSTS = ['api.py.example', 'site.py.example'];
const stack = new EngineStack('test/engine/fixtures/python', 'deploy', 'pyapps');
const get = (url: string) => request(url, { hosts: HOSTS });

describe('Python images built by BuildKit from the generated Dockerfiles', () => {
  beforeAll(() => {
    stack.synth().initSecrets();
  });
  afterAll(() => stack.destroy());

  it('GIVEN Flask and Django sources WHEN ./deploy.sh runs THEN it builds the images and every service is healthy', async () => {
    await step(NAME, 'up', () => {
      const r = stack.deploy([], { HEALTH_TIMEOUT: '240' });
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toContain('building api site worker');
      // The migrations ran once each, as release commands, before the release started.
      const started = r.stdout.indexOf('starting release');
      for (const svc of ['api', 'site']) {
        const ran = r.stdout.indexOf(`${svc}: running its release command on the new image`);
        expect(ran, r.stdout).toBeGreaterThan(-1);
        expect(ran).toBeLessThan(started);
      }
    });
    await step(NAME, 'healthy', () => {
      expect(stack.states()).toEqual({ api: 'healthy', db: 'healthy', proxy: 'healthy', redis: 'healthy', site: 'healthy', worker: 'healthy' });
      expect([stack.inspect('api', '{{.Config.User}}'), stack.inspect('site', '{{.Config.User}}')]).toEqual(['10001:10001', '10001:10001']);
    });
  });

  it('THEN the Flask API serves rows its migration created and its seed command filled', async () => {
    await step(NAME, 'proxied requests', () => {
      const r = get('http://api.py.example/items');
      expect(r.status, r.body).toBe(200);
      expect(JSON.parse(r.body)).toEqual(['alpha', 'beta']);
    });
  });

  it('THEN a task sent by the API is computed by the Celery worker', async () => {
    await step(NAME, 'proxied requests', () => {
      const r = get('http://api.py.example/add?x=2&y=40');
      expect(r.status, r.body).toBe(200);
      expect(r.body).toBe('42');
    });
  });

  it('THEN Django runs on its migrated database and collectstatic filled STATIC_ROOT', async () => {
    await step(NAME, 'proxied requests', () => {
      expect(get('http://site.py.example/health').body).toBe('django users=0');
      const login = get('http://site.py.example/admin/login/');
      expect(login.status).toBe(200);
      expect(login.body).toContain('csrfmiddlewaretoken');
      expect(stack.compose('exec -T site ls /app/staticfiles/admin/css/base.css').trim()).toBe('/app/staticfiles/admin/css/base.css');
    });
  });
});
