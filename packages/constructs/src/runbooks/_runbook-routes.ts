import type { DeploymentModel } from '../model/deployment-model.js';
import type { RouteModel } from '../model/proxy-model.js';

/** The routes (one per Domain) and the proxy service of the model; empty without Domains. */
export function runbookRoutes(model: DeploymentModel): { routes: readonly RouteModel[]; proxy?: string } {
  return { routes: model.routes ?? [], proxy: model.proxy?.service };
}

/** Every host name the runbook must list in DNS: routes (served and redirected), Grafana's and the Traefik dashboard's. */
export function dnsHostNames(model: DeploymentModel): string[] {
  const names = new Set<string>();
  for (const r of model.routes ?? []) {
    r.hosts.forEach((h) => names.add(h));
    r.redirects.forEach((x) => names.add(x.from));
  }
  const grafana = model.ops?.monitoring?.grafanaHost;
  if (grafana) names.add(grafana);
  const dashboard = model.proxy?.dashboard?.host;
  if (dashboard) names.add(dashboard);
  return [...names].sort();
}
