import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { must, sh } from './_support/engine.js';
import { request } from './_support/https.js';
import { step } from './_support/report.js';
import { EngineStack } from './_support/stack.js';
import { seedServer } from './_support/seed-server.js';

// The other nginx seed stacks, each as a user runs it on a fresh server: init-secrets.sh,
// init-ssl.sh (certificates from pebble), deploy.sh, then one HTTPS request per site name and a
// backup. Built services run the app stand-in (stand-in-builds.ts).
// Not run here: dropit (Traefik has no binary on this machine); its files are checked statically
// (test/examples). ai-ko's Grafana and cAdvisor are stand-ins (scripts/engine/images).
const SEEDS = ['terraproxi', 'soloflow', 'ai-ko'] as const;

/** Site names nginx serves over HTTPS, from the generated nginx.conf. */
function siteNames(dir: string): string[] {
  const conf = readFileSync(join(dir, 'nginx/nginx.conf'), 'utf8');
  const names = [...conf.matchAll(/^\s*server_name ([^;]+);/gm)].flatMap((m) => m[1]!.split(/\s+/));
  return [...new Set(names.filter((n) => n !== '_' && !n.endsWith('.localhost')))].sort();
}

describe.each(SEEDS)('seed %s on a real engine', (name) => {
  const stack = new EngineStack(name);
  let server: Awaited<ReturnType<typeof seedServer>> | undefined;

  beforeAll(async () => {
    server = await seedServer(stack);
  });
  afterAll(() => server?.stop());

  it('GIVEN a fresh server WHEN init-ssl.sh then deploy.sh run THEN every service is healthy', async () => {
    await step(name, 'TLS', () => {
      const r = sh('./init-ssl.sh', { cwd: stack.dir, timeoutMs: 400_000 });
      expect(r.code, r.stdout + r.stderr).toBe(0);
    });
    await step(name, 'up', () => {
      const r = stack.deploy();
      expect(r.code, r.stdout + r.stderr).toBe(0);
    });
    await step(name, 'healthy', () => {
      expect(stack.unhealthy()).toEqual([]);
    });
  });

  it('THEN every site name answers over HTTPS with a certificate from the ACME server, and HTTP redirects', async () => {
    await step(name, 'proxied requests', () => {
      const hosts = siteNames(stack.dir);
      expect(hosts.length).toBeGreaterThan(0);
      const ca = server!.pebble.root();
      for (const host of hosts) {
        const page = request(`https://${host}/`, { hosts, ca });
        expect(page.raw.code, `${host}: ${page.raw.stderr}`).toBe(0);
        expect(page.status, host).toBeLessThan(500);
        const http = request(`http://${host}/x`, { hosts, ca });
        expect([http.status, http.redirect], host).toEqual([308, `https://${host}/x`]);
      }
    });
  });

  it('WHEN backup.sh runs THEN a dump of the database lands in backups/', async () => {
    await step(name, 'backup round trip', () => {
      const r = sh('./backup.sh', { cwd: stack.dir, timeoutMs: 120_000 });
      expect(r.code, r.stdout + r.stderr).toBe(0);
      const dump = must('ls -1 backups/*/*.dump | tail -1', { cwd: stack.dir }).trim();
      expect(must(`head -c 5 ${dump}`, { cwd: stack.dir })).toBe('PGDMP');
    });
  });
});
