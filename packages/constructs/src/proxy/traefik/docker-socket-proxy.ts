import type { Construct } from 'constructs';
import { HealthCheck } from '../../health-check.js';
import { Network } from '../../network.js';
import { Service } from '../../service.js';

/** The socket proxy's image, pinned: HAProxy allowing only the Docker API calls its variables name. */
export const DOCKER_SOCKET_PROXY_IMAGE = 'tecnativa/docker-socket-proxy:0.3.0';
/** Its service name; Traefik's Docker and Swarm providers point at it. */
export const DOCKER_SOCKET_PROXY = 'docker-socket-proxy';
/** What Traefik's providers use instead of the socket. */
export const DOCKER_API_ENDPOINT = `tcp://${DOCKER_SOCKET_PROXY}:2375`;
/** The internal network only Traefik and the socket proxy join. */
export const DOCKER_API_NETWORK = 'proxy-docker-api';

/**
 * The Docker API calls the socket proxy lets through, all read-only (POST=0 refuses every other
 * method): containers and networks for the Docker provider, services and tasks too on Swarm;
 * events, version and ping, which the providers read to watch and to check the API.
 */
export function socketProxyEnvironment(swarm: boolean): Record<string, string> {
  return {
    CONTAINERS: '1',
    NETWORKS: '1',
    SERVICES: swarm ? '1' : '0',
    TASKS: swarm ? '1' : '0',
    EVENTS: '1',
    PING: '1',
    VERSION: '1',
    POST: '0',
  };
}

/** The internal network of the Docker API, created before Traefik so that Traefik joins it. */
export function dockerApiNetwork(scope: Construct, id: string): Network {
  return new Network(scope, id, { name: DOCKER_API_NETWORK, internal: true });
}

/**
 * Traefik never mounts the Docker socket: this service does, read-only, and answers only the
 * read calls above, on an internal network shared with Traefik alone. A read-only socket mount
 * does not stop API writes (a POST through it starts a privileged container); the proxy does.
 */
export function dockerSocketProxy(scope: Construct, network: Network, swarm: boolean): Service {
  const service = new Service(scope, DOCKER_SOCKET_PROXY, {
    name: DOCKER_SOCKET_PROXY,
    role: 'tool',
    image: DOCKER_SOCKET_PROXY_IMAGE,
    env: socketProxyEnvironment(swarm),
    volumes: [{ bind: '/var/run/docker.sock', target: '/var/run/docker.sock', readOnly: true }],
    networks: [network],
    port: 2375,
    healthCheck: HealthCheck.command(['wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:2375/_ping'], { interval: '15s', startPeriod: '5s' }),
    resources: { memory: '64M' },
    // The socket belongs to a manager's Docker: the proxy runs there.
    swarm: { placement: ['node.role == manager'] },
  });
  // Only the internal network: the proxy reaches nothing and nothing but Traefik reaches it.
  service.addOverride('networks', [DOCKER_API_NETWORK]);
  return service;
}
