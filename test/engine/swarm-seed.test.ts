import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, must, run, sh } from './_support/engine.js';
import { request } from './_support/https.js';
import { step } from './_support/report.js';
import { seedServer } from './_support/seed-server.js';
import { EngineStack } from './_support/stack.js';

// A seed stack on a one-node Swarm: soloflow (Spring Boot gateway, Next.js provider, PostgreSQL,
// pgAdmin, backups, nginx with certificates from pebble) with `target: 'swarm'`, deployed by its
// generated deploy-stack.sh. init-ssl.sh fills the certificate volume with Compose first, as
// STACK.md tells users to. The two built services are the app stand-in, pushed to the registry
// under the names stack.yml gives them (SKIP_BUILD=1, as when CI pushed them): their Dockerfiles
// are built by builds.test.ts and python.test.ts, not here.
const NAME = 'soloflow';
const STACK = 'soloflow-swarm';
const HOSTS = ['api.soloflow.io', 'app.soloflow.io'];
const stack = new EngineStack(NAME, 'deploy', STACK);
let server: Awaited<ReturnType<typeof seedServer>> | undefined;

const deployStack = (release: string, args: string[] = []) =>
  run('./deploy-stack.sh', args, { cwd: stack.dir, env: { RELEASE: release, SKIP_BUILD: '1', CONVERGE_TIMEOUT: '300' }, timeoutMs: 420_000 });
const imageOf = (service: string) =>
  must(`docker service inspect -f '{{.Spec.TaskTemplate.ContainerSpec.Image}}' ${NAME}_${service}`).trim().replace(/@sha256:.*/, '');

/** The stand-in under the registry name stack.yml uses, listening on the service's port. */
function pushStandIn(service: string, port: number, release: string): void {
  const image = `ghcr.io/soloflow/soloflow-${service}:${release}`;
  must(`printf 'FROM slipway-standin/app\\nENV STANDIN_PORT=${port}\\n' | docker build -q -t ${image} -`, { timeoutMs: 120_000 });
  must(`docker push -q ${image}`, { timeoutMs: 120_000 });
}

describe('seed soloflow on a one-node Swarm', () => {
  beforeAll(async () => {
    server = await seedServer(stack);
    // Faster health checks on the two stand-ins (ready at once): Swarm watches each updated task for
    // start period + interval × retries, 110 s with the Spring Boot preset's 60 s start period. The
    // presets' own probes run against the same stand-ins in seeds.test.ts.
    const fast = (port: number, path: string) => `healthCheck: HealthCheck.http(${port}, '${path}', 'wget', { interval: '5s', startPeriod: '5s', retries: 3 }),`;
    stack.edit((s) => s
      .replace("new App({ name: 'soloflow',", "new App({ name: 'soloflow', target: 'swarm', swarm: { registry: 'ghcr.io/soloflow', endpointMode: 'dnsrr' },")
      .replace("import { AdminTool, App, Backup, Domain, Postgres, Secret } from '@slipway/constructs';", "import { AdminTool, App, Backup, Domain, HealthCheck, Postgres, Secret } from '@slipway/constructs';")
      .replace("  source: './api-gateway',", `  source: './api-gateway',\n  ${fast(8080, '/actuator/health')}`)
      .replace("  health: '/api/health',", `  health: '/api/health',\n  ${fast(3000, '/api/health')}`));
    if (must("docker info -f '{{.Swarm.LocalNodeState}}'").trim() !== 'active') {
      must('docker swarm init --advertise-addr 127.0.0.1 --listen-addr 127.0.0.1:2377');
    }
    must(`docker node update --label-add ${NAME}-data=true $(docker info -f '{{.Swarm.NodeID}}')`);
    for (const release of ['r1', 'r2']) {
      pushStandIn('gateway', 8080, release);
      pushStandIn('provider', 3000, release);
    }
  }, 900_000);
  afterAll(async () => {
    sh(`docker stack rm ${NAME}`, { timeoutMs: 60_000 });
    await eventually(() => must(`docker ps -aq --filter label=com.docker.stack.namespace=${NAME}`).trim() === '', 60, 1000);
    sh('docker swarm leave --force', { timeoutMs: 60_000 });
    server?.stop();
  });

  it('GIVEN certificates from init-ssl.sh WHEN ./deploy-stack.sh runs THEN every service converges and both sites answer over HTTPS', async () => {
    await step(STACK, 'TLS', () => {
      const r = sh('./init-ssl.sh', { cwd: stack.dir, timeoutMs: 400_000 });
      expect(r.code, r.stdout + r.stderr).toBe(0);
      // it hands over to the stack: no Compose container left to hold ports 80/443
      expect(must(`docker ps -aq --filter label=com.docker.compose.project=${NAME}`).trim()).toBe('');
    });
    await step(STACK, 'Swarm', async () => {
      const r = deployStack('r1');
      expect(r.code, r.stdout + r.stderr).toBe(0);
      const ca = server!.pebble.root();
      const answered = () => HOSTS.every((host) => request(`https://${host}/`, { hosts: HOSTS, ca }).status === 200);
      expect(await eventually(answered, 30, 2000)).toBe(true);
      expect(request('http://app.soloflow.io/x', { hosts: HOSTS, ca }).redirect).toBe('https://app.soloflow.io/x');
      // the database password reached PostgreSQL as a Swarm secret file, not an environment value
      const db = must(`docker ps -q --filter label=com.docker.swarm.service.name=${NAME}_database | head -1`).trim();
      expect(must(`docker inspect -f '{{json .Config.Env}}' ${db}`)).toContain('POSTGRES_PASSWORD_FILE=/run/secrets/');
    });
  });

  it('WHEN a new release is deployed THEN both built services run it; WHEN ./deploy-stack.sh rollback runs THEN the previous one serves again', async () => {
    await step(STACK, 'rollback', async () => {
      const update = deployStack('r2');
      expect(update.code, update.stdout + update.stderr).toBe(0);
      expect([imageOf('gateway'), imageOf('provider')]).toEqual(['ghcr.io/soloflow/soloflow-gateway:r2', 'ghcr.io/soloflow/soloflow-provider:r2']);
      const back = deployStack('r2', ['rollback']);
      expect(back.code, back.stdout + back.stderr).toBe(0);
      expect([imageOf('gateway'), imageOf('provider')]).toEqual(['ghcr.io/soloflow/soloflow-gateway:r1', 'ghcr.io/soloflow/soloflow-provider:r1']);
      const ca = server!.pebble.root();
      expect(await eventually(() => request('https://app.soloflow.io/', { hosts: HOSTS, ca }).status === 200, 30, 2000)).toBe(true);
    });
  });
});
