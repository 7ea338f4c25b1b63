import { YamlFile, type OutputFile } from '@slipway/core';
import type { DeploymentModel, MountModel, ServiceModel } from '../model/deployment-model.js';
import { CONTAINER_PATHS, PROXY_FILES } from '../proxy/_paths.js';
import type { ProxyModel } from '../model/proxy-model.js';
import { renderTraefikDynamic } from '../proxy/traefik/render-traefik-dynamic.js';
import { renderTraefikStatic } from '../proxy/traefik/render-traefik-static.js';
import { traefikLabelsFor } from '../proxy/traefik/traefik-labels.js';
import { composeLiteral } from '../formats/compose.js';
import { stackValue } from './_stack-values.js';

/** Traefik's files on Swarm (the Compose ones keep the file or Docker provider). */
export const SWARM_TRAEFIK_FILES = { static: 'swarm/traefik.yml', dynamic: 'swarm/traefik-dynamic.yml' } as const;
const DYNAMIC_TARGET = `${CONTAINER_PATHS.traefikDynamicDir}/dynamic.yml`;

/** The proxy model as Swarm uses it: routes on service labels, dynamic file in YAML. */
function swarmProxy(proxy: ProxyModel): ProxyModel {
  return { ...proxy, traefikLabels: true, traefikFormat: 'yaml' };
}

/** The Traefik proxy of the model, when it is Traefik. */
export function traefikOf(model: DeploymentModel): ProxyModel | undefined {
  return model.proxy?.kind === 'traefik' ? model.proxy : undefined;
}

/** `swarm/traefik.yml` (Swarm provider) and `swarm/traefik-dynamic.yml` (TLS options, timeouts, dashboard). */
export function swarmTraefikFiles(model: DeploymentModel): OutputFile[] {
  const proxy = traefikOf(model);
  if (!proxy) return [];
  const p = swarmProxy(proxy);
  return [
    new YamlFile(SWARM_TRAEFIK_FILES.static, () => renderTraefikStatic({ ...p, traefikLabels: false }, { swarm: true })),
    new YamlFile(SWARM_TRAEFIK_FILES.dynamic, () => renderTraefikDynamic(model.routes ?? [], p)),
  ];
}

/** Replaces the proxy's Compose-side Traefik files by their Swarm versions. */
export function swapTraefikFiles(m: MountModel): MountModel {
  if (m.type !== 'bind' || !m.generated) return m;
  if (m.source === `./${PROXY_FILES.traefikStatic}`) return { ...m, source: `./${SWARM_TRAEFIK_FILES.static}` };
  if (m.source === `./${PROXY_FILES.traefikDynamic('yaml')}` || m.source === `./${PROXY_FILES.traefikDynamic('toml')}`) {
    return { ...m, source: `./${SWARM_TRAEFIK_FILES.dynamic}`, target: DYNAMIC_TARGET };
  }
  return m;
}

/**
 * Labels of a service on Swarm: container labels (the user's) and service labels — the user's
 * `traefik.*` labels, since the Swarm provider reads only service labels, then the labels of the
 * service's routes for the Swarm provider. As `stack.yml` text.
 */
export function swarmLabels(s: ServiceModel, model: DeploymentModel): { container: Array<[string, string]>; service: Array<[string, string]> } {
  const proxy = traefikOf(model);
  const labels = s.labels.map(([k, v]): [string, string] => [k, stackValue(v)]);
  if (!proxy) return { container: labels, service: [] };
  const container = labels.filter(([k]) => !k.startsWith('traefik.'));
  const service = labels.filter(([k]) => k.startsWith('traefik.'));
  for (const [k, v] of traefikLabelsFor(s.name, model.routes ?? [], swarmProxy(proxy), 'swarm')) service.push([k, composeLiteral(v)]);
  return { container, service };
}
