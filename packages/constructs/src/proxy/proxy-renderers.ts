import { ScriptFile, type OutputFile } from '@slipway/core';
import type { AppRenderer } from '../app-renderer.js';
import { PROXY_FILES } from './_paths.js';
import { proxyKind } from './kinds/index.js';
import type { ProxyModel, RouteModel } from '../model/proxy-model.js';
import { authFiles, renderAuthScript } from './render-auth-script.js';

/** The password-hashing script, when any route (or the dashboard) uses basic auth. */
function authScript(routes: readonly RouteModel[], proxy: ProxyModel): OutputFile[] {
  if (!authFiles(routes, proxy).length) return [];
  return [new ScriptFile(PROXY_FILES.authScript, () => renderAuthScript(routes, proxy), { shebang: '#!/bin/sh' })];
}

/** The proxy's files (its kind's renderer, see `kinds/`), and the auth script every kind shares. */
export const proxyRenderer: AppRenderer = ({ model }) => {
  if (!model.proxy) return [];
  const routes = model.routes ?? [];
  return [...proxyKind(model.proxy.kind).render(routes, model.proxy, model.swarm ? model.name : undefined), ...authScript(routes, model.proxy)];
};
