import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from './_support/https.js';
import { step } from './_support/report.js';
import { EngineStack } from './_support/stack.js';
import { standInBuilds } from './_support/stand-in-builds.js';

// ai-ko (seed 004) in local mode (deploy-dev/): the whole stack on a laptop, every site on
// http://<host>.localhost through nginx, monitoring included. Built services run the app stand-in.
const NAME = 'ai-ko (local)';
const stack = new EngineStack('ai-ko', 'deploy-dev', 'ai-ko-local');
const HOSTS = ['ai-ko.example.com.localhost', 'www.ai-ko.example.com.localhost', 'grafana.ai-ko.example.com.localhost'];
const get = (url: string) => request(url, { hosts: HOSTS });

describe('ai-ko in local mode on a real engine', () => {
  beforeAll(() => {
    stack.synth().initSecrets();
    standInBuilds(stack.dir);
  });
  afterAll(() => stack.destroy());

  it('GIVEN a laptop WHEN ./deploy.sh runs THEN every service is healthy (or a finished one-shot job)', async () => {
    await step(NAME, 'up', () => {
      const r = stack.deploy();
      expect(r.code, r.stdout + r.stderr).toBe(0);
    });
    await step(NAME, 'healthy', () => {
      expect(stack.unhealthy()).toEqual([]);
    });
  });

  it('THEN the sites answer on *.localhost through nginx: the front end, the API under /api, Grafana behind basic auth', async () => {
    await step(NAME, 'proxied requests', () => {
      const api = get('http://ai-ko.example.com.localhost/api/health');
      expect([api.status, api.body.trim()]).toEqual([200, 'db=ok redis=PONG']);
      const web = get('http://ai-ko.example.com.localhost/projects/1');
      expect(web.status).toBe(200);
      expect(JSON.parse(web.body).path).toBe('/projects/1');
      expect(get('http://www.ai-ko.example.com.localhost/x').status).toBe(308);
      // Grafana sits behind the proxy's basic auth (GRAFANA_BASIC_AUTH_PASSWORD), also locally.
      expect(get('http://grafana.ai-ko.example.com.localhost/api/health').status).toBe(401);
    });
  });
});
