import { JsonFile, MarkdownFile, ScriptFile, TextFile, YamlFile, type OutputFile } from '@slipway/core';
import type { AppRenderer } from '../app-renderer.js';
import { renderBackupScript, renderRestoreScript } from './render-backup-scripts.js';
import { renderDeployScript } from './render-deploy-script.js';
import { renderBootstrap, renderCloudInit } from './render-host.js';
import { renderRunbook } from '../runbooks/render-runbook.js';
import { MONITORING_DIR } from '../ops/monitoring.js';
import { PGADMIN_SERVERS_FILE } from '../ops/admin-tool.js';
import {
  renderGrafanaDashboardProvider,
  renderGrafanaDatasources,
  renderPgAdminServers,
  renderPrometheusConfig,
  renderStarterDashboard,
} from './render-monitoring.js';
import { renderInitSecrets } from './render-init-secrets.js';
import { SCRIPT_NAMES } from '../model/script-names.js';
import { CI_WORKFLOW_FILE, renderCiWorkflow } from './render-ci-workflow.js';

/** `init-secrets.sh`, always: every stack has a `.env` to fill. */
export const initSecretsRenderer: AppRenderer = ({ model }) => [new ScriptFile(SCRIPT_NAMES.initSecrets, () => renderInitSecrets(model))];

/** `deploy.sh`, always. */
export const deployScriptRenderer: AppRenderer = ({ model }) => [new ScriptFile(SCRIPT_NAMES.deploy, () => renderDeployScript(model))];

/** `backup.sh` and `restore.sh`, when the stack has a Backup (POSIX sh: they also run in alpine containers). */
export const backupScriptsRenderer: AppRenderer = ({ model }) => {
  if (!model.ops?.backups.length) return [];
  const files: OutputFile[] = [
    new ScriptFile('backup.sh', () => renderBackupScript(model), { shebang: '#!/bin/sh' }),
    new ScriptFile('restore.sh', () => renderRestoreScript(model), { shebang: '#!/bin/sh' }),
  ];
  return files;
};

/** Prometheus configuration and Grafana provisioning, when the stack has Monitoring. */
export const monitoringRenderer: AppRenderer = ({ model }) => {
  const m = model.ops?.monitoring;
  if (!m) return [];
  return [
    new YamlFile(`${MONITORING_DIR}/prometheus.yml`, () => renderPrometheusConfig(m)),
    new YamlFile(`${MONITORING_DIR}/grafana/provisioning/datasources/prometheus.yml`, () => renderGrafanaDatasources(m)),
    new YamlFile(`${MONITORING_DIR}/grafana/provisioning/dashboards/slipway.yml`, () => renderGrafanaDashboardProvider()),
    new JsonFile(`${MONITORING_DIR}/grafana/dashboards/overview.json`, () => renderStarterDashboard(model, m)),
  ];
};

/** pgAdmin's server list (one file for every pgAdmin: they all list their own databases). */
export const adminToolsRenderer: AppRenderer = ({ model }) => {
  const pgadmins = model.ops?.adminTools.filter((t) => t.kind === 'pgadmin') ?? [];
  if (!pgadmins.length) return [];
  const databases = [...new Set(pgadmins.flatMap((t) => t.databases))].sort();
  return [new JsonFile(PGADMIN_SERVERS_FILE, () => renderPgAdminServers(model, databases))];
};

/** `host/bootstrap.sh` and `host/user-data.yaml` (cloud-init, which runs the same script), when the stack has a Host. */
export const hostRenderer: AppRenderer = ({ model }) => {
  const h = model.ops?.host;
  if (!h) return [];
  const body = () => renderBootstrap(h, model.name);
  return [
    new ScriptFile('host/bootstrap.sh', body),
    // cloud-init needs `#cloud-config` as the very first line.
    new TextFile('host/user-data.yaml', () => renderCloudInit(h, `#!/usr/bin/env bash\n${body()}\n`), { preamble: ['#cloud-config'] }),
  ];
};

/** `DEPLOY.md`: the runbook, always. */
export const runbookRenderer: AppRenderer = ({ model }) => [new MarkdownFile('DEPLOY.md', () => renderRunbook(model))];


/** The GitHub Actions workflow, when the stack has a CiWorkflow. */
export const ciWorkflowRenderer: AppRenderer = ({ model }) => {
  const ci = model.ops?.ci;
  return ci ? [new YamlFile(CI_WORKFLOW_FILE, () => renderCiWorkflow(ci, model.name))] : [];
};
