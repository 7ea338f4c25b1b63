import { ScriptFile, TextFile, type OutputFile } from '@slipway/core';
import type { AppRenderer } from '../app-renderer.js';
import type { DeploymentModel } from '../model/deployment-model.js';
import { PROXY_FILES } from './_paths.js';
import { renderCaddyfile } from './caddy/render-caddyfile.js';
import { renderInitSsl, renderReloadOnRenew } from './nginx/render-certbot-scripts.js';
import { renderNginxConf } from './nginx/render-nginx.js';
import type { ProxyKind, ProxyModel, RouteModel } from './proxy-model.js';
import { authFiles, renderAuthScript } from './render-auth-script.js';
import { traefikFiles } from './traefik/traefik-files.js';

function proxyOf(model: DeploymentModel, kind: ProxyKind): { proxy: ProxyModel; routes: readonly RouteModel[] } | undefined {
  return model.proxy?.kind === kind ? { proxy: model.proxy, routes: model.routes ?? [] } : undefined;
}

/** The password-hashing script, when any route (or the dashboard) uses basic auth. */
function authScript(routes: readonly RouteModel[], proxy: ProxyModel): OutputFile[] {
  if (!authFiles(routes, proxy).length) return [];
  return [new ScriptFile(PROXY_FILES.authScript, () => renderAuthScript(routes, proxy), { shebang: '#!/bin/sh' })];
}

/** nginx: `nginx/nginx.conf`, and in production `init-ssl.sh` and the reload-on-renew hook. */
export const nginxRenderer: AppRenderer = ({ model }) => {
  const p = proxyOf(model, 'nginx');
  if (!p) return [];
  const files: OutputFile[] = [new TextFile(PROXY_FILES.nginxConf, () => renderNginxConf(p.routes, p.proxy)), ...authScript(p.routes, p.proxy)];
  if (p.proxy.tls) {
    files.push(new ScriptFile(PROXY_FILES.initSsl, () => renderInitSsl(p.routes, p.proxy)));
    files.push(new ScriptFile(PROXY_FILES.nginxReload, renderReloadOnRenew, { shebang: '#!/bin/sh' }));
  }
  return files;
};

/** Traefik: static `traefik/traefik.yml` and the dynamic file (YAML or TOML). */
export const traefikRenderer: AppRenderer = ({ model }) => {
  const p = proxyOf(model, 'traefik');
  return p ? [...traefikFiles(p.routes, p.proxy), ...authScript(p.routes, p.proxy)] : [];
};

/** Caddy: `caddy/Caddyfile`. */
export const caddyRenderer: AppRenderer = ({ model }) => {
  const p = proxyOf(model, 'caddy');
  if (!p) return [];
  return [new TextFile(PROXY_FILES.caddyfile, () => renderCaddyfile(p.routes, p.proxy)), ...authScript(p.routes, p.proxy)];
};
