import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processCapabilities, promised } from './_support/capabilities.js';
import { must, run, sh } from './_support/engine.js';
import { FETCH_OUTSIDE, Outside } from './_support/outside.js';
import { step } from './_support/report.js';
import { EngineStack } from './_support/stack.js';

// The quickstart (API + PostgreSQL + Redis) deployed with its own deploy.sh on the real engine:
// releases, a broken release rolled back on its own, a rollback by hand, network isolation and
// data that outlives the containers.
const NAME = 'quickstart';
const stack = new EngineStack(NAME);
const outside = new Outside();
const api = (path: string) => sh(`curl -sS -m 5 http://127.0.0.1:3000${path}`);
const imageOfApi = () => stack.inspect('api', '{{.Config.Image}}');

describe('quickstart on a real engine', () => {
  beforeAll(async () => {
    // The api's health check every 3 s instead of 10 s (and a 10 s start period): a release that
    // never gets healthy is then given up in half a minute instead of the 60 s HEALTH_TIMEOUT.
    stack.edit((s) => s.replace("HealthCheck.http(3000, '/health')", "HealthCheck.http(3000, '/health', 'wget', { interval: '3s', startPeriod: '10s', retries: 5 })"));
    stack.initSecrets();
    await outside.start();
  });
  afterAll(() => {
    outside.stop();
    stack.destroy();
  });

  it('GIVEN a fresh server WHEN ./deploy.sh runs THEN every service is up and healthy, in dependency order', async () => {
    const since = Math.floor(Date.now() / 1000);
    await step(NAME, 'up', () => {
      const r = stack.deploy();
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toMatch(/release \S+ is live/);
    });
    await step(NAME, 'healthy', () => {
      expect(stack.states()).toEqual({ api: 'healthy', cache: 'healthy', db: 'healthy' });
      // depends_on service_healthy: the api started only after db and cache were healthy.
      const events = must(`docker events --since ${since} --until ${Math.ceil(Date.now() / 1000)} --filter label=com.docker.compose.project=${NAME} ` +
        `--format '{{.TimeNano}} {{.Action}} {{index .Actor.Attributes "com.docker.compose.service"}}'`).trim().split('\n');
      const first = (action: string, service: string) => {
        const line = events.find((e) => e.endsWith(` ${action} ${service}`));
        expect(line, `no "${action}" event for ${service}`).toBeDefined();
        return BigInt(line!.split(' ')[0]!);
      };
      expect(first('start', 'api')).toBeGreaterThan(first('health_status: healthy', 'db'));
      expect(first('start', 'api')).toBeGreaterThan(first('health_status: healthy', 'cache'));
    });
  });

  it('THEN the api reaches PostgreSQL (with the extension the init SQL created) and Redis with their generated passwords', async () => {
    await step(NAME, 'healthy', () => {
      const r = api('/health');
      expect(r.stdout.trim()).toBe('db=pgcrypto redis=PONG');
    });
  });

  it('THEN the published port listens on loopback only, and the limits (memory, CPU, processes), user and no-new-privileges apply', async () => {
    await step(NAME, 'up', () => {
      expect(must(`docker port ${stack.cid('api')} 3000`).trim()).toBe('127.0.0.1:3000');
      expect(stack.inspect('api', '{{.HostConfig.Memory}} {{.HostConfig.NanoCpus}}')).toBe('536870912 1000000000');
      // the pids limit, from deploy.resources.limits (api) and from pids_limit (db)
      expect([stack.inspect('api', '{{.HostConfig.PidsLimit}}'), stack.inspect('db', '{{.HostConfig.PidsLimit}}')]).toEqual(['512', '512']);
      expect(stack.inspect('api', '{{.Config.User}} {{json .HostConfig.SecurityOpt}}')).toBe('1000:1000 ["no-new-privileges:true"]');
      expect(stack.exec('cache', 'redis-cli ping').stdout).toMatch(/NOAUTH/);
    });
  });

  it('THEN every container holds no capability beyond its cap_add, and PostgreSQL and Redis step down from root as their images do', async () => {
    await step(NAME, 'up', () => {
      for (const service of ['api', 'db', 'cache']) {
        const { capAdd, capDrop } = promised(stack, service);
        expect(capDrop, service).toEqual(['ALL']);
        const processes = processCapabilities(stack, service);
        expect(processes.length, service).toBeGreaterThan(0);
        for (const p of processes) {
          expect(p.bounding, `${service} pid ${p.pid}`).toEqual(capAdd);
          // Every process runs as the service's own user, with nothing effective: the capabilities
          // served the entry point's chown and switch of user, as root, and are gone.
          expect(p.uid, `${service} pid ${p.pid}`).not.toBe(0);
          expect(p.effective, `${service} pid ${p.pid}`).toEqual([]);
        }
      }
      expect(promised(stack, 'api').capAdd).toEqual([]);
      expect(promised(stack, 'db').capAdd).toEqual(['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID']);
      expect(promised(stack, 'cache').capAdd).toEqual(['CHOWN', 'DAC_OVERRIDE', 'SETGID', 'SETUID']);
    });
  });

  it('THEN PostgreSQL and Redis run on a read-only root filesystem, writing only to their volumes and tmpfs', async () => {
    await step(NAME, 'up', () => {
      for (const [service, writable] of [['db', ['/var/lib/postgresql/data', '/var/run/postgresql', '/tmp']], ['cache', ['/data', '/tmp']]] as const) {
        expect(promised(stack, service).readOnly, service).toBe(true);
        expect(stack.inspect(service, '{{.HostConfig.ReadonlyRootfs}}'), service).toBe('true');
        const denied = stack.exec(service, 'touch /etc/slipway-probe');
        expect(denied.code, service).not.toBe(0);
        expect(denied.stderr, service).toMatch(/Read-only file system/);
        for (const dir of writable) {
          const r = stack.exec(service, `touch ${dir}/slipway-probe && rm ${dir}/slipway-probe`);
          expect(r.code, `${service} ${dir}: ${r.stderr}`).toBe(0);
        }
      }
      // the unix socket folder is a tmpfs the entry point handed to postgres
      expect(stack.exec('db', 'stat -c %U /var/run/postgresql').stdout.trim()).toBe('postgres');
    });
  });

  it('THEN the databases are unreachable from outside their network and have no egress', async () => {
    await step(NAME, 'up', () => {
      // control: the api (default network) reaches the outside stand-in.
      expect(stack.exec('api', FETCH_OUTSIDE).stdout).toBe('reached-outside\n');
      expect(stack.exec('db', FETCH_OUTSIDE).code).not.toBe(0);
      expect(stack.exec('cache', FETCH_OUTSIDE).code).not.toBe(0);
      // a container on the stack's default network can neither resolve nor reach the database.
      const dbIp = stack.inspect('db', '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}');
      const probe = (target: string) =>
        run('docker', ['run', '--rm', '--network', `${NAME}_default`, 'slipway-standin/base', 'nc', '-z', '-w', '3', target, '5432'], { timeoutMs: 30_000 });
      expect(probe('db').code).not.toBe(0);
      expect(probe(dbIp).code).not.toBe(0);
      // …while the api, which uses it, can.
      expect(stack.exec('api', 'nc -z -w 3 db 5432').code).toBe(0);
      // and the cache, on its own network, cannot reach the database.
      expect(stack.exec('cache', `nc -z -w 3 ${dbIp} 5432`).code).not.toBe(0);
    });
  });

  it('WHEN the stack goes down and up, and is redeployed THEN the data is still there', async () => {
    await step(NAME, 'up', () => {
      expect(stack.exec('db', `psql -U app -d quickstart -qc 'create table canary(x int); insert into canary values (42)'`).code).toBe(0);
      stack.compose('down --timeout 10');
      const r = stack.deploy();
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(stack.exec('db', `psql -U app -d quickstart -tAc 'select x from canary'`).stdout.trim()).toBe('42');
    });
  });

  it('WHEN a new release is deployed THEN it serves; WHEN the next one never gets healthy THEN deploy.sh rolls back on its own', async () => {
    await step(NAME, 'rollback', () => {
      stack.edit((s) => s.replace('quickstart-api:1.0.0', 'quickstart-api:1.1.0'));
      const second = stack.deploy();
      expect(second.code, second.stdout + second.stderr).toBe(0);
      expect(imageOfApi()).toBe('ghcr.io/acme/quickstart-api:1.1.0');
      expect(api('/health').stdout.trim()).toBe('db=pgcrypto redis=PONG');

      stack.edit((s) => s.replace('quickstart-api:1.1.0', 'quickstart-api:1.2.0-broken'));
      const broken = stack.deploy([], { HEALTH_TIMEOUT: '60' });
      expect(broken.code).not.toBe(0);
      expect(broken.stderr).toMatch(/failed; rolled back to/);
      expect(imageOfApi()).toMatch(/^quickstart-api:release-/);
      expect(stack.health('api')).toBe('healthy');
      expect(api('/health').stdout.trim()).toBe('db=pgcrypto redis=PONG');
    });
  });

  it('WHEN ./deploy.sh rollback runs by hand THEN the release before the current one serves again', async () => {
    await step(NAME, 'rollback', () => {
      const releases = stack.deploy(['releases']).stdout.trim().split('\n');
      expect(releases.length).toBeGreaterThanOrEqual(3);
      const r = stack.deploy(['rollback']);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(stack.health('api')).toBe('healthy');
      expect(api('/health').stdout.trim()).toBe('db=pgcrypto redis=PONG');
    });
  });
});
