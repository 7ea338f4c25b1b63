import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, must, run, sh } from './_support/engine.js';
import { step } from './_support/report.js';
import { EngineStack } from './_support/stack.js';

// The quickstart as a Swarm stack on a one-node swarm, deployed by the generated
// deploy-stack.sh: convergence with health checks, an update, a broken update that Swarm rolls
// back by itself, and a rollback by hand. This kernel has no IPVS, so the stack asks for
// endpointMode 'dnsrr' (virtual IPs would give no connectivity here).
const NAME = 'quickstart';
const STACK = 'quickstart-swarm';
const stack = new EngineStack(NAME, 'deploy', STACK);

const deployStack = (args: string[] = [], timeoutS = 300) =>
  run('./deploy-stack.sh', args, { cwd: stack.dir, env: { CONVERGE_TIMEOUT: String(timeoutS) }, timeoutMs: (timeoutS + 120) * 1000 });
const taskOf = (service: string) =>
  must(`docker ps -q --filter label=com.docker.swarm.service.name=${NAME}_${service} --filter health=healthy | head -1`).trim();
const imageOfApi = () => must(`docker service inspect -f '{{.Spec.TaskTemplate.ContainerSpec.Image}}' ${NAME}_api`).trim().replace(/@sha256:.*/, '');
const apiHealth = () => {
  const task = taskOf('api');
  return task ? sh(`docker exec ${task} wget -q -T 3 -O- http://127.0.0.1:3000/health`).stdout.trim() : '';
};

describe('quickstart on a one-node Swarm', () => {
  beforeAll(() => {
    if (must("docker info -f '{{.Swarm.LocalNodeState}}'").trim() !== 'active') {
      must('docker swarm init --advertise-addr 127.0.0.1 --listen-addr 127.0.0.1:2377');
    }
    must(`docker node update --label-add ${NAME}-data=true $(docker info -f '{{.Swarm.NodeID}}')`);
    // Faster health checks than the example's (10 s × 5): Swarm watches each update for start
    // period + interval × retries, which would make every update in this file last 80 s. Not
    // faster than 5 s × 5: a busy machine then failed healthy tasks and Swarm replaced them.
    stack.edit((s) => s
      .replace("new App({ name: 'quickstart' })", "new App({ name: 'quickstart', target: 'swarm', swarm: { endpointMode: 'dnsrr' } })")
      .replace("HealthCheck.http(3000, '/health')", "HealthCheck.http(3000, '/health', 'wget', { interval: '5s', startPeriod: '10s', retries: 5 })"));
    stack.initSecrets();
  });
  afterAll(async () => {
    sh(`docker stack rm ${NAME}`, { timeoutMs: 60_000 });
    await eventually(() => must(`docker ps -aq --filter label=com.docker.stack.namespace=${NAME}`).trim() === '', 60, 1000);
    sh('docker swarm leave --force', { timeoutMs: 60_000 });
    stack.destroy();
  });

  it('GIVEN a one-node swarm WHEN ./deploy-stack.sh runs THEN every service converges healthy and the api reaches its databases', async () => {
    await step(STACK, 'Swarm', async () => {
      const r = deployStack();
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(await eventually(() => apiHealth() === 'db=pgcrypto redis=PONG', 30, 2000)).toBe(true);
      // the database password reached Postgres as a Swarm secret file, not an environment value
      const db = taskOf('db');
      expect(must(`docker inspect -f '{{json .Config.Env}}' ${db}`)).toContain('POSTGRES_PASSWORD_FILE=/run/secrets/');
    });
  });

  it('WHEN a new release is deployed THEN the api runs it; WHEN ./deploy-stack.sh rollback runs THEN the previous release serves again', async () => {
    await step(STACK, 'Swarm', async () => {
      stack.edit((s) => s.replace('quickstart-api:1.0.0', 'quickstart-api:1.1.0'));
      const update = deployStack();
      expect(update.code, update.stdout + update.stderr).toBe(0);
      expect(imageOfApi()).toBe('ghcr.io/acme/quickstart-api:1.1.0');
      const back = deployStack(['rollback']);
      expect(back.code, back.stdout + back.stderr).toBe(0);
      expect(imageOfApi()).toBe('ghcr.io/acme/quickstart-api:1.0.0');
      expect(await eventually(() => apiHealth() === 'db=pgcrypto redis=PONG', 60, 2000)).toBe(true);
    });
  });

  it('WHEN a release never gets healthy THEN Swarm rolls it back, deploy-stack.sh fails, and a rollback by hand leaves it there', async () => {
    await step(STACK, 'Swarm', async () => {
      stack.edit((s) => s.replace('quickstart-api:1.1.0', 'quickstart-api:1.2.0-broken'));
      const broken = deployStack([], 240);
      expect(broken.code).not.toBe(0);
      expect(await eventually(() => imageOfApi() === 'ghcr.io/acme/quickstart-api:1.0.0', 120, 2000)).toBe(true);
      expect(await eventually(() => apiHealth() === 'db=pgcrypto redis=PONG', 60, 2000)).toBe(true);
      const again = deployStack(['rollback']);
      expect(again.code, again.stdout + again.stderr).toBe(0);
      expect(again.stdout).toContain('api is already back on its previous definition');
      expect(imageOfApi()).toBe('ghcr.io/acme/quickstart-api:1.0.0');
    });
  });
});
