import { basename, dirname } from 'node:path';
import { TextFile } from '@slipway/core';
import { HealthCheck } from '../../health-check.js';
import { Volume } from '../../volume.js';
import { CADDY_CONFIG_ARGS, CONTAINER_PATHS, PROXY_FILES } from '../_paths.js';
import { renderCaddyfile } from '../caddy/render-caddyfile.js';
import type { ProxyKindDefinition } from './proxy-kind.js';

/** Caddy: `caddy/Caddyfile`; certificates and their state in the `caddy-data` volume. */
export const CADDY: ProxyKindDefinition = {
  image: 'caddy:2.9.1-alpine',
  certificates: 'acme',
  serviceProps: () => ({
    command: ['caddy', 'run', ...CADDY_CONFIG_ARGS],
    healthCheck: HealthCheck.command(['wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:2019/config/'], { interval: '15s', startPeriod: '10s' }),
    capDrop: ['ALL'],
    capAdd: ['NET_BIND_SERVICE'],
  }),
  setUp(proxy) {
    proxy.addMount({ outputFile: dirname(PROXY_FILES.caddyfile), target: CONTAINER_PATHS.caddyDir, files: [basename(PROXY_FILES.caddyfile)] });
    proxy.addMount({ volume: new Volume(proxy, 'caddy-data', { name: 'caddy-data' }), target: '/data' });
    proxy.addMount({ volume: new Volume(proxy, 'caddy-config', { name: 'caddy-config' }), target: '/config' });
  },
  render: (routes, proxy) => [new TextFile(PROXY_FILES.caddyfile, () => renderCaddyfile(routes, proxy))],
};
