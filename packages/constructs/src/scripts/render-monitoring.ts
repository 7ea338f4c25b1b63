import type { DeploymentModel } from '../model/deployment-model.js';
import type { MonitoringModel } from '../model/ops-model.js';

/** `monitoring/prometheus.yml`: one job per scrape target. */
export function renderPrometheusConfig(m: MonitoringModel): Record<string, unknown> {
  return {
    global: { scrape_interval: m.scrapeInterval, evaluation_interval: m.scrapeInterval },
    scrape_configs: m.targets.map((t) => ({
      job_name: t.job,
      ...(t.path !== '/metrics' ? { metrics_path: t.path } : {}),
      static_configs: [{ targets: [t.address] }],
    })),
  };
}

/** Grafana data source provisioning: Prometheus, default, not editable in the UI. */
export function renderGrafanaDatasources(m: MonitoringModel): Record<string, unknown> {
  return {
    apiVersion: 1,
    datasources: [
      {
        name: 'Prometheus',
        uid: 'prometheus',
        type: 'prometheus',
        access: 'proxy',
        url: `http://${m.prometheusService}:9090`,
        isDefault: true,
        editable: false,
      },
    ],
  };
}

/** Grafana dashboard provider: loads the JSON dashboards Slipway writes. */
export function renderGrafanaDashboardProvider(): Record<string, unknown> {
  return {
    apiVersion: 1,
    providers: [
      {
        name: 'slipway',
        folder: 'Slipway',
        type: 'file',
        disableDeletion: true,
        allowUiUpdates: false,
        options: { path: '/var/lib/grafana/dashboards' },
      },
    ],
  };
}

interface Panel {
  readonly title: string;
  readonly expr: string;
  readonly legend: string;
  readonly unit: string;
  readonly type?: 'timeseries' | 'stat';
}

/** The starter dashboard: targets up, server CPU/memory/disk, container CPU/memory. */
export function renderStarterDashboard(model: DeploymentModel, m: MonitoringModel): Record<string, unknown> {
  const jobs = new Set(m.targets.map((t) => t.job));
  const panels: Panel[] = [{ title: 'Scrape targets up', expr: 'up', legend: '{{job}}', unit: 'none', type: 'stat' }];
  if (jobs.has('node')) {
    panels.push(
      { title: 'Server CPU used', expr: '1 - avg(rate(node_cpu_seconds_total{mode="idle"}[5m]))', legend: 'cpu', unit: 'percentunit' },
      { title: 'Server memory used', expr: '1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes', legend: 'memory', unit: 'percentunit' },
      { title: 'Disk free', expr: 'node_filesystem_avail_bytes{fstype!~"tmpfs|overlay"}', legend: '{{mountpoint}}', unit: 'bytes' },
    );
  }
  if (jobs.has('cadvisor')) {
    panels.push(
      { title: 'Container CPU', expr: 'sum by (id) (rate(container_cpu_usage_seconds_total{id=~".*docker.*"}[5m]))', legend: '{{id}}', unit: 'short' },
      { title: 'Container memory', expr: 'sum by (id) (container_memory_working_set_bytes{id=~".*docker.*"})', legend: '{{id}}', unit: 'bytes' },
    );
  }
  return {
    uid: `slipway-${model.name}`,
    title: `${model.name} — overview`,
    tags: ['slipway'],
    timezone: 'utc',
    schemaVersion: 39,
    version: 1,
    refresh: '30s',
    time: { from: 'now-6h', to: 'now' },
    panels: panels.map((p, i) => ({
      id: i + 1,
      type: p.type ?? 'timeseries',
      title: p.title,
      datasource: { type: 'prometheus', uid: 'prometheus' },
      gridPos: { h: 8, w: 12, x: (i % 2) * 12, y: Math.floor(i / 2) * 8 },
      fieldConfig: { defaults: { unit: p.unit }, overrides: [] },
      targets: [{ refId: 'A', expr: p.expr, legendFormat: p.legend, datasource: { type: 'prometheus', uid: 'prometheus' } }],
    })),
  };
}

/** pgAdmin's server list: one entry per database the tool reaches (passwords are typed at login). */
export function renderPgAdminServers(model: DeploymentModel, databases: readonly string[]): Record<string, unknown> {
  const servers: Record<string, unknown> = {};
  databases.forEach((name, i) => {
    const db = model.services.find((s) => s.name === name);
    servers[String(i + 1)] = {
      Name: name,
      Group: model.name,
      Host: name,
      Port: 5432,
      MaintenanceDB: db?.postgres?.database ?? 'postgres',
      Username: db?.postgres?.user ?? 'postgres',
      SSLMode: 'prefer',
    };
  });
  return { Servers: servers };
}
