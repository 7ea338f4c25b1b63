import type { IConstruct } from 'constructs';
import type { ServiceModel } from './deployment-model.js';
import { AdminTool } from '../ops/admin-tool.js';
import { CiWorkflow } from '../ops/ci-workflow.js';
import { Backup } from '../ops/backup.js';
import { DEFAULT_DEPLOY_SETTINGS, DeployPolicy } from '../ops/deploy-policy.js';
import { Host } from '../ops/host.js';
import { Job } from '../job.js';
import { Monitoring } from '../ops/monitoring.js';
import type { AdminToolModel, MonitoringModel, OpsModel, ScrapeTargetModel } from './ops-model.js';

const byService = <T extends { service: string }>(a: T, b: T) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0);

/**
 * The operations part of the model, from the ops constructs in the tree. Scrape targets come
 * from the already-built service models, so they follow renames and metrics options.
 */
export function buildOpsModel(
  all: readonly IConstruct[],
  services: readonly ServiceModel[],
  meta: { name: string; display: (c: IConstruct) => string },
): OpsModel {
  const policy = all.find(DeployPolicy.isDeployPolicy);
  const monitoring = all.find(Monitoring.isMonitoring);
  const host = all.find(Host.isHost);
  const ci = all.find(CiWorkflow.isCiWorkflow);
  return {
    deploy: policy?.settings ?? DEFAULT_DEPLOY_SETTINGS,
    backups: all
      .filter(Backup.isBackup)
      .map((b) => b.toModel(meta.display(b)))
      .sort(byService),
    monitoring: monitoring && monitoringModel(monitoring, services, meta.display(monitoring)),
    adminTools: all
      .filter(AdminTool.isAdminTool)
      .map(
        (t): AdminToolModel => ({
          service: t.name,
          path: meta.display(t),
          kind: t.kind,
          localPort: t.localPort,
          databases: t.databases.map((d) => d.name).sort(),
          passwordVariable: t.password?.variable,
          email: t.email,
        }),
      )
      .sort(byService),
    host: host?.toModel(meta.display(host), meta.name),
    jobs: all
      .filter(Job.isJob)
      .map((j) => j.toModel(meta.display(j)))
      .sort(byService),
    ...(ci ? { ci: ci.toModel(meta.display(ci)) } : {}),
  };
}

function monitoringModel(m: Monitoring, services: readonly ServiceModel[], path: string): MonitoringModel {
  const targets: ScrapeTargetModel[] = [
    { job: 'prometheus', address: `localhost:${m.prometheus.port}`, path: '/metrics' },
    { job: 'grafana', address: `${m.grafana.name}:${m.grafana.port}`, path: '/metrics' },
  ];
  if (m.nodeExporter) targets.push({ job: 'node', address: `${m.nodeExporter.name}:${m.nodeExporter.port}`, path: '/metrics' });
  if (m.cadvisor) targets.push({ job: 'cadvisor', address: `${m.cadvisor.name}:${m.cadvisor.port}`, path: '/metrics' });
  for (const s of services) {
    if (s.metrics) targets.push({ job: s.name, address: `${s.name}:${s.metrics.port}`, path: s.metrics.path });
  }
  return {
    path,
    prometheusService: m.prometheus.name,
    grafanaService: m.grafana.name,
    scrapeInterval: m.scrapeInterval,
    retention: m.retention,
    targets: targets.sort((a, b) => (a.job < b.job ? -1 : a.job > b.job ? 1 : 0)),
    grafanaHost: m.grafanaHost,
    grafanaPasswordVariable: m.grafanaPassword.variable,
  };
}
