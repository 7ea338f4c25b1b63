import { TomlFile, YamlFile, type OutputFile } from '@slipway/core';
import { PROXY_FILES } from '../_paths.js';
import type { ProxyModel, RouteModel } from '../../model/proxy-model.js';
import { renderTraefikDynamic } from './render-traefik-dynamic.js';
import { renderTraefikStatic } from './render-traefik-static.js';

/** `traefik/traefik.yml` (static) and `traefik/dynamic.yml` or `.toml` (same data, either format). */
export function traefikFiles(routes: readonly RouteModel[], proxy: ProxyModel): OutputFile[] {
  const dynamicPath = PROXY_FILES.traefikDynamic(proxy.traefikFormat);
  const dynamic = () => renderTraefikDynamic(routes, proxy);
  return [
    new YamlFile(PROXY_FILES.traefikStatic, () => renderTraefikStatic(proxy)),
    proxy.traefikFormat === 'toml' ? new TomlFile(dynamicPath, dynamic) : new YamlFile(dynamicPath, dynamic),
  ];
}
