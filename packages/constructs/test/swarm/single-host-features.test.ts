import { describe, expect, test } from 'vitest';
import { Annotations, App, Domain, HealthCheck, Postgres, Secret, Service, Testing, Volume } from '@slipway/constructs';
import { checkStackDocument } from '../../src/swarm/stack-checks.js';
import { errorsOf, single, stackOf, warningsOf } from './_fixture.js';

/** One test per single-host feature: how Swarm gets it, or what Slipway reports. */
describe('single-host features on Swarm', () => {
  test('build: GIVEN no registry THEN an error names the service and the fix', () => {
    const app = single({ build: { context: '.' } });
    expect(errorsOf(app)).toEqual([
      "shop/svc: is built from source, but Swarm nodes pull images from a registry and none is set. Fix: set swarm: { registry: 'ghcr.io/<your-org>' } on the App (deploy-stack.sh pushes shop-svc there).",
    ]);
  });

  test('build: GIVEN a registry THEN the image comes from it and deploy-stack.sh builds with the same context, Dockerfile, target and args, then pushes', () => {
    const app = single({ build: { context: '.', dockerfile: 'docker/Dockerfile', target: 'prod', args: { API: 'https://x' } } }, { swarm: { registry: 'registry.example.com:5000/team' } });
    const out = Testing.synth(app);
    expect(out.yaml('stack.yml').services.svc.image).toMatch(/^registry\.example\.com:5000\/team\/shop-svc:\$\{RELEASE:\?/);
    const script = out.text('deploy-stack.sh');
    expect(script).toContain(`svc) docker build --pull -t "registry.example.com:5000/team/shop-svc:$RELEASE" -f ../docker/Dockerfile --target prod --build-arg API=https://x .. ;;`);
    expect(script).toContain('docker push "$image"');
  });

  test('depends_on with service_healthy: GIVEN a service using a database THEN depends_on is left out and swarm-start-order says so', () => {
    const app = new App({ name: 'shop', target: 'swarm' });
    const db = new Postgres(app, 'db');
    new Service(app, 'api', { image: 'ghcr.io/acme/api:1.0.0', env: { DB_HOST: db.host }, dependsOn: [db], healthCheck: HealthCheck.none('test') });
    expect(stackOf(app).services.api).not.toHaveProperty('depends_on');
    expect(warningsOf(app, 'swarm-start-order')).toEqual(['shop/api: Swarm ignores depends_on: api may start before db is healthy; it is restarted until it starts cleanly.']);
  });

  test('depends_on: GIVEN the warning acknowledged on the service THEN it is gone', () => {
    const app = new App({ name: 'shop', target: 'swarm' });
    const db = new Postgres(app, 'db');
    const api = new Service(app, 'api', { image: 'ghcr.io/acme/api:1.0.0', dependsOn: [db], healthCheck: HealthCheck.none('test') });
    Annotations.of(api).acknowledge('swarm-start-order', 'the API retries its connection');
    expect(warningsOf(app, 'swarm-start-order')).toEqual([]);
  });

  test.each([
    ['unless-stopped', 'any'],
    ['always', 'any'],
    ['on-failure', 'on-failure'],
    ['no', 'none'],
  ] as const)('restart: %s → restart_policy.condition %s', (restart, condition) => {
    const svc = stackOf(single({ image: 'busybox:1.37', restart })).services.svc;
    expect(svc).not.toHaveProperty('restart');
    expect(svc.deploy.restart_policy.condition).toBe(condition);
  });

  test('restart: no (a one-shot) THEN deploy-stack.sh waits for it to complete, not to run', () => {
    expect(Testing.synth(single({ image: 'busybox:1.37', restart: 'no' })).text('deploy-stack.sh')).toContain('ONE_SHOT=(svc)');
  });

  test('security_opt no-new-privileges: GIVEN any service THEN it is not in stack.yml; the runbook sets it daemon-wide and the deploy script checks it', () => {
    const out = Testing.synth(single({ image: 'busybox:1.37' }));
    expect(out.yaml('docker-compose.yml').services.svc.security_opt).toEqual(['no-new-privileges:true']);
    expect(out.yaml('stack.yml').services.svc).not.toHaveProperty('security_opt');
    expect(out.text('STACK.md')).toContain('"no-new-privileges": true');
    expect(out.text('deploy-stack.sh')).toContain('*no-new-privileges*) ;;');
  });

  test('container_name, expose: GIVEN a port THEN expose is left out (overlay networks reach every port)', () => {
    const svc = stackOf(single({ image: 'busybox:1.37', port: 8080 })).services.svc;
    expect(svc).not.toHaveProperty('expose');
    expect(svc).not.toHaveProperty('container_name');
  });

  test('ports on 127.0.0.1: GIVEN a loopback port THEN it is not published and swarm-loopback-port is reported', () => {
    const app = single({ image: 'busybox:1.37', ports: [{ container: 8080, host: 18080 }] });
    expect(stackOf(app).services.svc).not.toHaveProperty('ports');
    expect(warningsOf(app, 'swarm-loopback-port')).toEqual([expect.stringMatching(/^shop\/svc: port 18080 is bound to 127\.0\.0\.1/)]);
  });

  test('public port on a stateless service: routing mesh (ingress), start-first kept', () => {
    const app = single({ image: 'busybox:1.37', ports: [{ container: 53, host: 53, protocol: 'udp', public: true }] });
    Annotations.of(app).acknowledge('public-port', 'test');
    const svc = stackOf(app).services.svc;
    expect(svc.ports).toEqual([{ target: 53, published: 53, protocol: 'udp', mode: 'ingress' }]);
    expect(svc.deploy.update_config.order).toBe('start-first');
  });

  test('public port on a stateful service: host mode on the data node, stop-first, swarm-stateful-port', () => {
    const app = new App({ name: 'shop', target: 'swarm' });
    new Postgres(app, 'db', { ports: [{ container: 5432, public: true }] });
    Annotations.of(app).acknowledge('public-port', 'test');
    const db = stackOf(app).services.db;
    expect(db.ports).toEqual([{ target: 5432, published: 5432, protocol: 'tcp', mode: 'host' }]);
    expect(db.deploy.update_config.order).toBe('stop-first');
    expect(warningsOf(app, 'swarm-stateful-port')).toEqual([expect.stringMatching(/^shop\/db: port 5432 of a stateful service is published in host mode/)]);
  });

  test('two services publishing the same port on the cluster: the stack check reports it with the service path', () => {
    const app = single({ image: 'busybox:1.37' });
    const model = app.model;
    const port = { target: 80, published: 8080, protocol: 'tcp', mode: 'ingress' };
    const problems = checkStackDocument({ services: { a: { image: 'a:1', ports: [port] as never }, svc: { image: 'b:1', ports: [port] as never } } }, model);
    expect(problems).toEqual([{ path: 'shop/svc', message: 'port 8080/tcp is also published by service "a" on the cluster.', fix: 'give one of them another port, or route both through Domains.' }]);
  });

  test('tmpfs: long syntax with the size in bytes', () => {
    const svc = stackOf(single({ image: 'busybox:1.37', volumes: [{ tmpfs: '/tmp', size: '64m' }] })).services.svc;
    expect(svc.volumes).toEqual([{ type: 'tmpfs', target: '/tmp', tmpfs: { size: 67108864 } }]);
    expect(svc).not.toHaveProperty('tmpfs');
  });

  test('named volume: the service is pinned to the data node and updates stop-first', () => {
    const app = new App({ name: 'shop', target: 'swarm' });
    const v = new Volume(app, 'uploads');
    new Service(app, 'svc', { image: 'busybox:1.37', volumes: [{ volume: v, target: '/data' }], healthCheck: HealthCheck.none('t') });
    const d = stackOf(app).services.svc.deploy;
    expect(d.placement.constraints).toEqual(['node.labels.shop-data == true']);
    expect(d.update_config.order).toBe('stop-first');
  });

  test('writable bind of a project folder: kept, pinned, swarm-host-bind reported', () => {
    const app = single({ image: 'busybox:1.37', volumes: [{ bind: './uploads', target: '/uploads' }] });
    const svc = stackOf(app).services.svc;
    expect(svc.volumes).toHaveLength(1);
    expect(svc.deploy.placement.constraints).toEqual(['node.labels.shop-data == true']);
    expect(warningsOf(app, 'swarm-host-bind')).toEqual([expect.stringMatching(/^shop\/svc: bind mount ".*uploads": a writable folder of the deployment exists only on the node/)]);
  });

  test('writable bind of a project folder: deploy-stack.sh creates the folder (Swarm refuses a task whose bind source is missing; Compose creates it)', () => {
    const app = single({ image: 'busybox:1.37', volumes: [{ bind: './uploads', target: '/uploads' }, { bind: './seed', target: '/seed', readOnly: true }] });
    const script = Testing.synth(app).text('deploy-stack.sh');
    expect(script).toContain('BIND_DIRS=(../uploads)'); // relative to the output folder
    expect(script).toMatch(/\n {2}create_bind_dirs\n {2}create_secrets\n/);
  });

  test('read-only file bind (init SQL): a Swarm config, no pinning', () => {
    const app = single({ image: 'busybox:1.37', volumes: [{ bind: './db/schema.sql', target: '/init/schema.sql', readOnly: true }] });
    const stack = stackOf(app);
    expect(stack.services.svc.configs).toEqual([{ source: expect.stringMatching(/db-schema\.sql$/), target: '/init/schema.sql', mode: 0o444 }]);
    expect(stack.services.svc.deploy.placement).toBeUndefined();
    expect(warningsOf(app, 'swarm-host-bind')).toEqual([]);
  });

  test('absolute host path read-only (/proc): stays a bind, every node has it', () => {
    const svc = stackOf(single({ image: 'busybox:1.37', volumes: [{ bind: '/proc', target: '/host/proc', readOnly: true }] })).services.svc;
    expect(svc.volumes).toEqual(['/proc:/host/proc:ro']);
    expect(svc.deploy.placement).toBeUndefined();
  });

  test('secret env on an image that reads <VAR>_FILE (declared): a file, not a value', () => {
    const app = new App({ name: 'shop', target: 'swarm' });
    const key = new Secret(app, 'api-key', { generate: 'hex-32' });
    new Service(app, 'svc', { image: 'ghcr.io/acme/api:1.0.0', env: { API_KEY: key }, swarm: { fileSecrets: ['API_KEY'] }, healthCheck: HealthCheck.none('t') });
    const stack = stackOf(app);
    expect(stack.services.svc.environment).toEqual({ API_KEY_FILE: '/run/secrets/API_KEY' });
    expect(stack.services.svc.secrets).toEqual(['API_KEY']);
    expect(warningsOf(app, 'swarm-secret-in-env')).toEqual([]);
  });

  test('secret env in a shell entrypoint: exported from the file before exec, with literal text escaped', () => {
    const app = new App({ name: 'shop', target: 'swarm' });
    const pw = new Secret(app, 'pw', { generate: 'alnum-32' });
    new Service(app, 'svc', { image: 'alpine:3.20', entrypoint: ['/bin/sh', '/run.sh'], env: { URL: `https://u:${pw}@h/"$x` }, healthCheck: HealthCheck.none('t') });
    const svc = stackOf(app).services.svc;
    expect(svc.environment).toBeUndefined();
    expect(svc.entrypoint).toEqual(['/bin/sh', '-c', 'export URL="https://u:$$(cat /run/secrets/PW)@h/\\"\\$$x"; exec "$$@"', 'slipway-secrets', '/bin/sh', '/run.sh']);
  });

  test('overrides: Swarm-ignored keys are left out (warning), refused ones are errors, others apply', () => {
    const app = new App({ name: 'shop', target: 'swarm' });
    const svc = new Service(app, 'svc', { image: 'busybox:1.37', healthCheck: HealthCheck.none('t') });
    svc.addOverride('container_name', 'fixed');
    svc.addOverride('deploy.resources.limits.pids', 100);
    expect(stackOf(app).services.svc.deploy.resources).toEqual({ limits: { pids: 100 } });
    expect(stackOf(app).services.svc).not.toHaveProperty('container_name');
    expect(warningsOf(app, 'swarm-override-ignored')).toEqual(['shop/svc: the override of "container_name" is left out of stack.yml: Swarm ignores "container_name".']);
    svc.addOverride('mem_limit', '1g');
    expect(errorsOf(app)).toEqual([expect.stringMatching(/^shop\/svc: the override of "mem_limit" is refused by docker stack deploy\./)]);
  });

  test('Traefik: Swarm provider through the socket proxy on a manager, routes as deploy.labels with the load-balancer port', () => {
    const app = new App({ name: 'shop', target: 'swarm', proxy: 'traefik', acme: { email: 'a@shop.example' } });
    const api = new Service(app, 'api', { image: 'ghcr.io/acme/api:1.0.0', port: 3000, labels: { 'com.acme.team': 'core' }, healthCheck: HealthCheck.none('t') });
    new Domain(app, 'api-domain', { host: 'api.shop.example', to: api });
    const out = Testing.synth(app);
    const stack = out.yaml('stack.yml');
    expect(stack.services.api.labels).toEqual({ 'com.acme.team': 'core' });
    expect(stack.services.api.deploy.labels).toMatchObject({
      'traefik.enable': 'true',
      'traefik.swarm.network': 'shop_default',
      'traefik.http.routers.api-domain.rule': 'Host(`api.shop.example`)',
      'traefik.http.services.api-domain.loadbalancer.server.port': '3000',
    });
    expect(out.yaml('swarm/traefik.yml').providers).toEqual({
      file: { filename: '/etc/traefik/dynamic/dynamic.yml', watch: true },
      swarm: { endpoint: 'tcp://docker-socket-proxy:2375', exposedByDefault: false, network: 'shop_default', watch: true },
    });
    expect(out.yaml('swarm/traefik-dynamic.yml').http).not.toHaveProperty('routers');
    // the socket proxy runs on a manager (its Docker answers Swarm calls) and lets services and tasks through
    const socketProxy = stack.services['docker-socket-proxy'];
    expect(socketProxy.deploy.placement.constraints).toContain('node.role == manager');
    expect(socketProxy.volumes[0]).toBe('/var/run/docker.sock:/var/run/docker.sock:ro');
    expect(socketProxy.environment).toMatchObject({ SERVICES: '1', TASKS: '1', POST: '0' });
    expect(socketProxy.networks).toEqual(['proxy-docker-api']);
    expect(stack.networks['proxy-docker-api']).toMatchObject({ driver: 'overlay', internal: true });
    expect(stack.services.proxy.networks).toEqual(['default', 'proxy-docker-api']);
    expect((stack.services.proxy.volumes ?? []).join(' ')).not.toContain('docker.sock');
    expect(stack.services.proxy.configs.map((c: { target: string }) => c.target)).toEqual(['/etc/traefik/traefik.yml', '/etc/traefik/dynamic/dynamic.yml']);
    expect(warningsOf(app, 'docker-socket')).toEqual([]);
  });

  test('nginx: its configuration is a config, upstreams resolve through Docker DNS at request time (scaling works), ports in host mode', () => {
    const app = new App({ name: 'shop', target: 'swarm', acme: { email: 'a@shop.example' } });
    const api = new Service(app, 'api', { image: 'ghcr.io/acme/api:1.0.0', port: 3000, replicas: 3, healthCheck: HealthCheck.none('t') });
    new Domain(app, 'api-domain', { host: 'api.shop.example', to: api });
    const out = Testing.synth(app);
    const proxy = out.yaml('stack.yml').services.proxy;
    // The Compose folder mount becomes one config per file the proxy reads, at the same path.
    expect(proxy.configs).toContainEqual({ source: 'nginx-nginx.conf', target: '/etc/nginx/slipway/nginx.conf', mode: 0o444 });
    expect(proxy.command).toEqual(['nginx', '-c', '/etc/nginx/slipway/nginx.conf', '-g', 'daemon off;']);
    expect(JSON.stringify(proxy.volumes ?? [])).not.toContain('./nginx');
    expect(proxy.configs).toContainEqual(expect.objectContaining({ target: '/docker-entrypoint.d/90-slipway-reload-on-renew.sh', mode: 0o555 }));
    expect(proxy.ports.map((p: { mode: string }) => p.mode)).toEqual(['host', 'host']);
    const conf = out.text('nginx/nginx.conf');
    expect(conf).toContain('resolver 127.0.0.11 valid=10s');
    // the host is the service name (deploy.sh may pin a container on a single host; nothing does on Swarm)
    expect(conf).toMatch(/set \$live_api api;\n.*\n\s*set \$upstream_api_domain \$live_api:3000;/);
    expect(conf).toContain('proxy_pass http://$upstream_api_domain;');
  });

  test('init-ssl.sh beside a stack: refuses while the stack proxy runs, and removes its temporary Compose containers and network (the stack network has the same name)', () => {
    const app = new App({ name: 'shop', target: 'swarm', acme: { email: 'a@shop.example' } });
    const api = new Service(app, 'api', { image: 'ghcr.io/acme/api:1.0.0', port: 3000, healthCheck: HealthCheck.none('t') });
    new Domain(app, 'api-domain', { host: 'api.shop.example', to: api });
    const script = Testing.synth(app).text('init-ssl.sh');
    expect(script).toContain("replicas=\"$(docker service inspect -f '{{.Spec.Mode.Replicated.Replicas}}' 'shop_proxy' 2>/dev/null || true)\"");
    expect(script).toContain('docker service scale shop_proxy=0, then ./init-ssl.sh, then ./deploy-stack.sh');
    expect(script.trimEnd().split('\n').slice(-2)).toEqual(['docker compose down', 'echo "init-ssl.sh: done; now run ./deploy-stack.sh"']);
    expect(script).not.toContain('up -d certbot');

    const compose = new App({ name: 'shop', acme: { email: 'a@shop.example' } });
    const api2 = new Service(compose, 'api', { image: 'ghcr.io/acme/api:1.0.0', port: 3000, healthCheck: HealthCheck.none('t') });
    new Domain(compose, 'api-domain', { host: 'api.shop.example', to: api2 });
    const single = Testing.synth(compose).text('init-ssl.sh');
    expect(single).not.toContain('docker service');
    expect(single).toContain('docker compose up -d certbot');
  });
});
