import { describe, expect, test } from 'vitest';
import { Annotations, App, HealthCheck, Service, Testing, validateComposeDocument } from '@slipway/constructs';
import { stackOf, swarmFixture, warningsOf } from './_fixture.js';

describe('the swarm target', () => {
  test('GIVEN the compose target THEN no Swarm file is written', () => {
    const files = Testing.synth(swarmFixture({ target: 'compose' })).files;
    expect(Object.keys(files)).not.toContain('stack.yml');
    expect(Object.keys(files)).not.toContain('deploy-stack.sh');
  });

  test('GIVEN target swarm THEN stack.yml, deploy-stack.sh and STACK.md are written beside the Compose output', () => {
    const out = Testing.synth(swarmFixture());
    expect(Object.keys(out.files)).toEqual(expect.arrayContaining(['docker-compose.yml', 'stack.yml', 'deploy-stack.sh', 'STACK.md', 'init-secrets.sh']));
    expect(out.modes['deploy-stack.sh']).toBe(0o755);
  });

  test('GIVEN the fixture THEN stack.yml matches the Compose Specification and has no key Swarm ignores', () => {
    const stack = stackOf(swarmFixture());
    expect(validateComposeDocument(stack)).toEqual([]);
    for (const service of Object.values<Record<string, unknown>>(stack.services)) {
      for (const key of ['build', 'depends_on', 'restart', 'security_opt', 'container_name', 'expose']) expect(service).not.toHaveProperty(key);
    }
    expect(stack).not.toHaveProperty('version');
  });

  test('GIVEN the same infra twice THEN the Swarm files are byte-identical (no timestamps, no hashes)', () => {
    const a = Testing.synth(swarmFixture()).files;
    const b = Testing.synth(swarmFixture()).files;
    for (const f of ['stack.yml', 'deploy-stack.sh', 'STACK.md']) expect(a[f]).toBe(b[f]);
    expect(a['stack.yml']).not.toMatch(/[0-9a-f]{12}/);
  });
});

describe('deploy: for every service', () => {
  const stack = stackOf(swarmFixture());

  test('GIVEN any service THEN it has replicas, a rolling update that rolls back, a rollback config and a restart policy', () => {
    for (const [name, s] of Object.entries<any>(stack.services)) {
      expect(s.deploy.replicas, name).toBeGreaterThanOrEqual(1);
      expect(s.deploy.update_config, name).toMatchObject({ parallelism: 1, failure_action: 'rollback' });
      expect(s.deploy.update_config.monitor, name).toMatch(/^\d+s$/);
      expect(s.deploy.rollback_config, name).toMatchObject({ parallelism: 1, failure_action: 'pause' });
      expect(s.deploy.restart_policy, name).toEqual({ condition: 'any', delay: '5s', window: '120s' });
    }
  });

  test('GIVEN a stateless API THEN start-first (no downtime), replicas and resources carried over, monitor covers its health check', () => {
    const api = stack.services.api.deploy;
    expect(api.replicas).toBe(2);
    expect(api.update_config.order).toBe('start-first');
    expect(api.rollback_config.order).toBe('start-first');
    // start period 30s + 10s × 5 retries
    expect(api.update_config.monitor).toBe('80s');
    expect(api.resources).toEqual({ limits: { cpus: '0.5', memory: '512M', pids: 512 } });
    expect(api.placement).toBeUndefined();
  });

  test('GIVEN stateful services (database, cache, proxy with certificates) THEN stop-first and pinned to the labelled data node', () => {
    for (const name of ['db', 'cache', 'proxy']) {
      const d = stack.services[name].deploy;
      expect(d.update_config.order, name).toBe('stop-first');
      expect(d.placement.constraints, name).toContain('node.labels.shop-data == true');
    }
  });

  test('GIVEN a custom data node label and a service placement THEN they are used', () => {
    const app = swarmFixture({ swarm: { registry: 'ghcr.io/acme', dataNodeLabel: 'storage' } });
    const s = stackOf(app);
    expect(s.services.db.deploy.placement.constraints).toEqual(['node.labels.storage == true']);
  });

  test('GIVEN swarm options on a service THEN update order, placement and mode follow them', () => {
    const app = swarmFixture({}, (a) => {
      new Service(a, 'agent', {
        image: 'grafana/alloy:v1.5.1',
        healthCheck: HealthCheck.none('test'),
        swarm: { mode: 'global', updateOrder: 'stop-first', placement: ['node.platform.os == linux'] },
      });
    });
    const agent = stackOf(app).services.agent.deploy;
    expect(agent.mode).toBe('global');
    expect(agent.replicas).toBeUndefined();
    expect(agent.update_config.order).toBe('stop-first');
    expect(agent.placement.constraints).toEqual(['node.platform.os == linux']);
  });
});

describe('images, networks, secrets and configs', () => {
  const app = swarmFixture();
  const stack = stackOf(app);

  test('GIVEN a service built from source THEN it runs registry/<app>-<service> tagged by the release variable, without build:', () => {
    expect(stack.services.api.image).toBe('ghcr.io/acme/shop-api:${RELEASE:?set RELEASE: the stack deploy script sets it to the release being deployed}');
    expect(stack.services.api).not.toHaveProperty('build');
  });

  test('GIVEN internal data networks THEN every network is an encrypted overlay and internal ones stay internal', () => {
    expect(stack.networks).toEqual({
      default: { driver: 'overlay', driver_opts: { encrypted: 'true' } },
      'cache-net': { driver: 'overlay', internal: true, driver_opts: { encrypted: 'true' } },
      'db-net': { driver: 'overlay', internal: true, driver_opts: { encrypted: 'true' } },
    });
    expect(stack.services.db.networks).toEqual(['db-net']);
    expect(stack.services.api.networks).toEqual(['cache-net', 'db-net', 'default']);
  });

  test('GIVEN encryptedNetworks: false THEN plain overlays and the swarm-unencrypted-overlay warning', () => {
    const plain = swarmFixture({ swarm: { registry: 'ghcr.io/acme', encryptedNetworks: false } });
    expect(stackOf(plain).networks.default).toEqual({ driver: 'overlay' });
    expect(warningsOf(plain, 'swarm-unencrypted-overlay')).toEqual([expect.stringMatching(/^shop: overlay networks are not encrypted/)]);
  });

  test('GIVEN Postgres THEN its password is a Swarm secret passed as POSTGRES_PASSWORD_FILE, never an environment value', () => {
    expect(stack.secrets.DB_PASSWORD).toEqual({
      external: true,
      name: 'shop_DB_PASSWORD_${SLIPWAY_SECRET_DB_PASSWORD:?created from .env by the stack deploy script, see STACK.md}',
    });
    expect(stack.services.db.secrets).toEqual(['DB_PASSWORD']);
    expect(stack.services.db.environment).toEqual({ POSTGRES_DB: 'shop', POSTGRES_USER: 'app', POSTGRES_PASSWORD_FILE: '/run/secrets/DB_PASSWORD' });
  });

  test('GIVEN Redis (a shell command) THEN the shell reads the password file; neither command, health check nor environment holds it', () => {
    const cache = stack.services.cache;
    expect(cache.environment).toBeUndefined();
    expect(cache.secrets).toEqual(['CACHE_PASSWORD']);
    expect(cache.command[2]).toMatch(/^export REDIS_PASSWORD="\$\$\(cat \/run\/secrets\/CACHE_PASSWORD\)"; exec docker-entrypoint.sh redis-server --requirepass "\$\$REDIS_PASSWORD"/);
    expect(cache.healthcheck.test[1]).toMatch(/^export REDIS_PASSWORD="\$\$\(cat \/run\/secrets\/CACHE_PASSWORD\)"; REDISCLI_AUTH=/);
  });

  test('GIVEN generated files (the Postgres extensions SQL) THEN they are Swarm configs, versioned by content', () => {
    expect(stack.services.db.configs).toEqual([{ source: 'postgres-db-00-extensions.sql', target: '/docker-entrypoint-initdb.d/00-extensions.sql', mode: 0o444 }]);
    expect(stack.configs['postgres-db-00-extensions.sql']).toEqual({
      name: 'shop_postgres-db-00-extensions.sql_${SLIPWAY_CONFIG_POSTGRES_DB_00_EXTENSIONS_SQL:?versioned by content by the stack deploy script, see STACK.md}',
      file: './postgres/db/00-extensions.sql',
    });
    expect(stack.services.db.volumes[0]).toBe('db-data:/var/lib/postgresql/data');
    // the read-only root filesystem's tmpfs, in long syntax (Swarm ignores the service-level tmpfs key)
    expect(stack.services.db.volumes.slice(1)).toEqual([{ type: 'tmpfs', target: '/var/run/postgresql', tmpfs: { size: 67108864 } }, { type: 'tmpfs', target: '/tmp', tmpfs: { size: 67108864 } }]);
  });

  test('GIVEN a URL embedding a secret on an image Slipway does not know THEN it stays interpolated and each one is reported with its path', () => {
    expect(stack.services.api.environment.DATABASE_URL).toContain('${DB_PASSWORD:?');
    // docker stack deploy reads the first "-" of a message as a default: none may have one.
    expect(JSON.stringify(stack)).not.toMatch(/\$\{[A-Z_0-9]+:\?[^}]*-/);
    expect(warningsOf(app, 'swarm-secret-in-env')).toEqual([
      expect.stringMatching(/^shop\/api: DATABASE_URL carries the secret DB_PASSWORD/),
      expect.stringMatching(/^shop\/api: JWT_SECRET carries the secret JWT_SECRET/),
      expect.stringMatching(/^shop\/api: REDIS_URL carries the secret CACHE_PASSWORD/),
    ]);
  });

  test('GIVEN security options THEN cap_drop, read_only and log rotation carry over', () => {
    expect(stack.services.api).toMatchObject({ cap_drop: ['ALL'], read_only: true, logging: { driver: 'json-file', options: { 'max-size': '10m', 'max-file': '3' } } });
  });
});

describe('App options', () => {
  test('GIVEN an invalid registry, release variable and node label THEN one error each, on the App', () => {
    const app = new App({ name: 'shop', target: 'swarm', swarm: { registry: 'ghcr.io/acme:1.0', releaseVariable: '1X', dataNodeLabel: 'a b' } });
    const errors = Testing.diagnostics(app).filter((d) => d.level === 'error');
    expect(errors.map((e) => `${e.path}: ${e.message}`).sort()).toEqual([
      'shop: swarm.dataNodeLabel "a b" is not a node label name.',
      'shop: swarm.registry "ghcr.io/acme:1.0" is not a registry path.',
      'shop: swarm.releaseVariable "1X" is not a variable name.',
    ]);
  });

  test('GIVEN a release variable THEN images and the deploy script use it', () => {
    const out = Testing.synth(swarmFixture({ swarm: { registry: 'ghcr.io/acme', releaseVariable: 'APP_VERSION' } }));
    expect(out.yaml('stack.yml').services.api.image).toBe('ghcr.io/acme/shop-api:${APP_VERSION:?set APP_VERSION: the stack deploy script sets it to the release being deployed}');
    expect(out.text('deploy-stack.sh')).toContain('export APP_VERSION');
  });

  test('GIVEN endpointMode dnsrr THEN every service uses DNS round robin, except one publishing through the routing mesh (warned)', () => {
    const app = swarmFixture({ swarm: { registry: 'ghcr.io/acme', endpointMode: 'dnsrr' } }, (a) => {
      new Service(a, 'dns', { image: 'acme/dns:1.0.0', ports: [{ container: 53, host: 53, protocol: 'udp', public: true }] });
      Annotations.of(a).acknowledge('public-port', 'test');
    });
    const stack = Testing.synth(app).yaml('stack.yml');
    for (const name of ['api', 'db', 'cache', 'proxy']) expect(stack.services[name].deploy.endpoint_mode, name).toBe('dnsrr');
    expect(stack.services.dns.deploy.endpoint_mode).toBeUndefined();
    expect(warningsOf(app, 'swarm-dnsrr-ingress')).toEqual([expect.stringMatching(/^shop\/dns: .*keeps endpoint_mode vip/)]);
  });

  test('GIVEN no endpointMode THEN services keep the virtual IP (no endpoint_mode key)', () => {
    const stack = stackOf(swarmFixture());
    expect(Object.values(stack.services).map((s: any) => s.deploy.endpoint_mode)).toEqual(Object.values(stack.services).map(() => undefined));
  });
});
