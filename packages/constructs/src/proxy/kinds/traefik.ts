import { HealthCheck } from '../../health-check.js';
import { Secret } from '../../secret.js';
import { Volume } from '../../volume.js';
import { CONTAINER_PATHS, PROXY_FILES } from '../_paths.js';
import { dockerApiNetwork, dockerSocketProxy } from '../traefik/docker-socket-proxy.js';
import { traefikFiles } from '../traefik/traefik-files.js';
import { targetOf } from '../../target-of.js';
import type { ProxyKindDefinition } from './proxy-kind.js';

/**
 * Traefik: static `traefik/traefik.yml` and a dynamic file (or, in labels mode, Docker labels on
 * each service, derived from the routes by the Compose renderer); ACME built in.
 */
export const TRAEFIK: ProxyKindDefinition = {
  image: 'traefik:v3.3.4',
  certificates: 'acme',
  serviceProps: () => ({
    healthCheck: HealthCheck.command(['traefik', 'healthcheck', '--ping'], { interval: '15s', startPeriod: '10s' }),
    capDrop: ['ALL'],
    capAdd: ['NET_BIND_SERVICE'],
  }),
  // Labels mode and Swarm read routes from the Docker API: through the socket proxy only.
  networks: (scope, id, settings) => (settings.options.traefikLabels || targetOf(scope) === 'swarm' ? [dockerApiNetwork(scope, `${id}-docker-api`)] : []),
  setUp(proxy, tls, settings) {
    const o = settings.options;
    proxy.addMount({ outputFile: PROXY_FILES.traefikStatic, target: '/etc/traefik/traefik.yml' });
    const dynamic = PROXY_FILES.traefikDynamic(o.traefikFormat ?? 'yaml');
    proxy.addMount({ outputFile: dynamic, target: `${CONTAINER_PATHS.traefikDynamicDir}/${dynamic.split('/').pop()}` });
    if (tls) proxy.addMount({ volume: new Volume(proxy, 'traefik-acme', { name: 'traefik-acme' }), target: '/letsencrypt' });
    const [dockerApi] = proxy.kindNetworks;
    if (dockerApi) proxy.addDependency((proxy.dockerSocketProxy = dockerSocketProxy(proxy, dockerApi, targetOf(proxy) === 'swarm')));
    if (o.dashboard) {
      proxy.dashboardPassword = new Secret(proxy, 'dashboard-password', { generate: 'alnum-24', description: 'password of the Traefik dashboard' });
      proxy.addSecrets([proxy.dashboardPassword]);
    }
  },
  render: (routes, proxy) => traefikFiles(routes, proxy),
};
