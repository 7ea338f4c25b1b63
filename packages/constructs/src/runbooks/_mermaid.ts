import type { DeploymentModel, ServiceModel } from '../model/deployment-model.js';
import { isDataRole } from '../model/build-model.js';
import { runbookRoutes } from './_runbook-routes.js';

const id = (prefix: string, name: string) => `${prefix}_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
const label = (text: string) => `"${text.replace(/"/g, '#quot;')}"`;

function node(s: ServiceModel): string {
  const text = label(`${s.name}${s.expose.length ? ` :${s.expose.join(',')}` : ''}`);
  return isDataRole(s.role) ? `${id('svc', s.name)}[(${text})]` : `${id('svc', s.name)}[${text}]`;
}

/**
 * A Mermaid flowchart of the stack: host names → proxy → services → databases, services grouped
 * by network (data services in their internal network, the rest in `default`).
 */
export function renderStackDiagram(model: DeploymentModel): string {
  const { routes, proxy } = runbookRoutes(model);
  const out = ['flowchart LR', '  internet((Internet))'];
  const byNetwork = new Map<string, ServiceModel[]>();
  for (const s of model.services) {
    // A node sits in one box: the data service's own network, else the first shared one.
    const home = isDataRole(s.role) ? (s.networks.find((n) => n !== 'default') ?? 'default') : s.networks.includes('default') ? 'default' : (s.networks[0] ?? 'default');
    // Appended in place: copying the list per service was quadratic.
    const list = byNetwork.get(home) ?? [];
    list.push(s);
    byNetwork.set(home, list);
  }
  const internalNets = new Set(model.networks.filter((n) => n.internal).map((n) => n.name));
  for (const [net, services] of [...byNetwork.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const internal = internalNets.has(net);
    out.push(`  subgraph ${id('net', net)} [${label(`network ${net}${internal ? ' (internal)' : ''}`)}]`);
    for (const s of services) out.push(`    ${node(s)}`);
    out.push('  end');
  }
  for (const r of routes) {
    const hostNode = id('host', r.name);
    out.push(`  ${hostNode}{{${label(`${r.hosts.join(', ')}${r.pathPrefix !== '/' ? r.pathPrefix : ''}`)}}}`);
    out.push(`  internet --> ${hostNode}`);
    out.push(proxy ? `  ${hostNode} -->|HTTPS| ${id('svc', proxy)}` : `  ${hostNode} --> ${id('svc', r.service)}`);
    if (proxy) out.push(`  ${id('svc', proxy)} -->|:${r.port}| ${id('svc', r.service)}`);
  }
  for (const s of model.services) {
    for (const p of s.ports) {
      if (p.hostIp === '127.0.0.1') out.push(`  tunnel([SSH tunnel]) -.->|127.0.0.1:${p.host}| ${id('svc', s.name)}`);
      else if (s.name !== proxy) out.push(`  internet -->|:${p.host}| ${id('svc', s.name)}`);
    }
    for (const d of s.dependsOn) out.push(`  ${id('svc', s.name)} --> ${id('svc', d.service)}`);
  }
  return out.join('\n');
}
