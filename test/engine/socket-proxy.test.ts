import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ENGINE_DIR, eventually, must, run, sh } from './_support/engine.js';
import { step } from './_support/report.js';
import { EngineStack } from './_support/stack.js';

// The Docker socket proxy Traefik reads the Docker API through (dropit's labels mode, as Dokploy
// runs it), started with exactly the image, environment, capabilities, read-only root and tmpfs of
// the generated docker-compose.yml, against the private engine's real socket: read calls pass,
// writes are refused before they reach dockerd. Traefik itself is not deployed (no binary here).
const NAME = 'docker-socket-proxy';
const NETWORK = 'slipway-socket-proxy-test';
const CONTAINER = 'slipway-socket-proxy-test';
const stack = new EngineStack('dropit', 'deploy-dokploy', 'dropit-socket-proxy');
const SOCKET = `${ENGINE_DIR}/run/docker.sock`;

/** HTTP status (and body) of a request to the proxy, from a container on its internal network. */
function call(method: string, path: string): { status: string; body: string } {
  const r = run('docker', ['run', '--rm', '--network', NETWORK, 'slipway-standin/base', 'curl', '-sS', '-m', '10', '-X', method, '-w', '\n%{http_code}', `http://${CONTAINER}:2375${path}`], { timeoutMs: 60_000 });
  const lines = r.stdout.trimEnd().split('\n');
  return { status: lines.pop() ?? '', body: lines.join('\n') };
}

describe('the Docker socket proxy Traefik reads through, on a real engine', () => {
  let generated: Record<string, any>;

  beforeAll(() => {
    stack.synth();
    const compose = parse(readFileSync(join(stack.dir, 'docker-compose.yml'), 'utf8'));
    generated = compose.services[NAME];
    expect(compose.networks[generated.networks[0]]).toEqual({ internal: true });
    sh(`docker rm -f ${CONTAINER}; docker network rm ${NETWORK}`, { timeoutMs: 60_000 });
    must(`docker network create --internal ${NETWORK}`);
    // The generated service, flag for flag; only the socket's path on this machine differs.
    const [, target] = String(generated.volumes[0]).split(':');
    const args = [
      'run', '-d', '--name', CONTAINER, '--network', NETWORK,
      '-v', `${SOCKET}:${target}:ro`,
      ...generated.cap_drop.flatMap((c: string) => ['--cap-drop', c]),
      ...(generated.cap_add ?? []).flatMap((c: string) => ['--cap-add', c]),
      ...(generated.read_only ? ['--read-only'] : []),
      ...generated.tmpfs.flatMap((t: string) => ['--tmpfs', t]),
      ...generated.security_opt.flatMap((o: string) => ['--security-opt', o]),
      ...Object.entries(generated.environment).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
      generated.image,
    ];
    const r = run('docker', args, { timeoutMs: 60_000 });
    if (r.code !== 0) throw new Error(`docker run failed: ${r.stderr}`);
  });
  afterAll(() => {
    sh(`docker rm -f ${CONTAINER}; docker network rm ${NETWORK}`, { timeoutMs: 60_000 });
  });

  it('GIVEN the generated service THEN it is read-only, holds no capability and lets Traefik list containers and networks', async () => {
    await step(NAME, 'up', async () => {
      expect(generated).toMatchObject({ cap_drop: ['ALL'], read_only: true, environment: { CONTAINERS: '1', NETWORKS: '1', POST: '0' } });
      expect(await eventually(() => call('GET', '/_ping').status === '200', 30, 1000), 'the proxy never answered /_ping').toBe(true);
      const list = call('GET', '/containers/json');
      expect(list.status).toBe('200');
      expect(JSON.parse(list.body).map((c: { Names: string[] }) => c.Names[0])).toContain(`/${CONTAINER}`);
      expect(call('GET', `/v1.41/containers/${CONTAINER}/json`).status).toBe('200');
      expect(call('GET', '/networks').status).toBe('200');
      expect(call('GET', '/version').status).toBe('200');
      expect(must(`docker inspect -f '{{.HostConfig.ReadonlyRootfs}}' ${CONTAINER}`).trim()).toBe('true');
      const caps = run('docker', ['exec', CONTAINER, 'sh', '-c', 'grep -E "^(Uid|CapBnd|CapEff):" /proc/1/status'], { timeoutMs: 30_000 }).stdout;
      expect(caps).toMatch(/CapBnd:\s+0{16}/);
      expect(caps).toMatch(/CapEff:\s+0{16}/);
    });
  });

  it('WHEN anything writes through it, or reads a section it does not allow THEN 403, and dockerd never sees the call', async () => {
    await step(NAME, 'up', () => {
      const before = must(`docker ps -aq | wc -l`).trim();
      expect(call('POST', '/containers/create?name=slipway-socket-proxy-escape').status).toBe('403');
      expect(call('POST', `/containers/${CONTAINER}/stop`).status).toBe('403');
      expect(call('POST', `/containers/${CONTAINER}/exec`).status).toBe('403');
      expect(call('DELETE', `/containers/${CONTAINER}?force=1`).status).toBe('403');
      expect(call('PUT', `/containers/${CONTAINER}/archive?path=/tmp`).status).toBe('403');
      expect(call('GET', '/images/json').status).toBe('403');
      expect(call('GET', '/volumes').status).toBe('403');
      expect(call('GET', '/secrets').status).toBe('403');
      expect(call('GET', '/services').status).toBe('403'); // Swarm sections only on Swarm
      // still running, nothing created
      expect(must(`docker inspect -f '{{.State.Running}}' ${CONTAINER}`).trim()).toBe('true');
      expect(must(`docker ps -aq | wc -l`).trim()).toBe(before);
      expect(sh('docker inspect slipway-socket-proxy-escape').code).not.toBe(0);
    });
  });

  it('THEN only the socket proxy and Traefik join its network in the generated stack', () => {
    const compose = parse(readFileSync(join(stack.dir, 'docker-compose.yml'), 'utf8'));
    const members = Object.entries(compose.services as Record<string, { networks?: string[] }>).filter(([, s]) => s.networks?.includes('proxy-docker-api')).map(([n]) => n);
    expect(members.sort()).toEqual(['docker-socket-proxy', 'proxy']);
  });
});
