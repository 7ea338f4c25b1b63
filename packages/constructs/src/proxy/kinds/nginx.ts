import { basename, dirname } from 'node:path';
import { ScriptFile, TextFile, type OutputFile } from '@slipway/core';
import { HealthCheck } from '../../health-check.js';
import { Service } from '../../service.js';
import { Volume } from '../../volume.js';
import { CONTAINER_PATHS, NGINX_CONF_ARGS, PROXY_FILES } from '../_paths.js';
import { renderInitSsl, renderReloadOnRenew } from '../nginx/render-certbot-scripts.js';
import { renderNginxConf } from '../nginx/render-nginx.js';
import { CERTBOT_IMAGE } from '../proxy-options.js';
import type { ProxyKindDefinition } from './proxy-kind.js';

/** nginx: `nginx/nginx.conf`; in production certbot renews the certificates and nginx reloads. */
export const NGINX: ProxyKindDefinition = {
  image: 'nginx:1.28.0-alpine',
  certificates: 'certbot',
  // The default server answers this path on 127.0.0.1 only.
  serviceProps: () => ({
    command: ['nginx', ...NGINX_CONF_ARGS, '-g', 'daemon off;'],
    healthCheck: HealthCheck.http(80, '/slipway-health', 'wget', { interval: '15s', startPeriod: '10s' }),
  }),
  setUp(proxy, tls, settings) {
    proxy.addMount({ outputFile: dirname(PROXY_FILES.nginxConf), target: CONTAINER_PATHS.nginxDir, files: [basename(PROXY_FILES.nginxConf)] });
    if (!tls) return;
    const certs = new Volume(proxy, 'letsencrypt', { name: 'letsencrypt' });
    const webroot = new Volume(proxy, 'certbot-webroot', { name: 'certbot-webroot' });
    proxy.addMount({ volume: certs, target: CONTAINER_PATHS.letsencrypt, readOnly: true });
    proxy.addMount({ volume: webroot, target: CONTAINER_PATHS.webroot, readOnly: true });
    proxy.addMount({ outputFile: PROXY_FILES.nginxReload, target: '/docker-entrypoint.d/90-slipway-reload-on-renew.sh' });
    proxy.certbot = new Service(proxy, 'certbot', {
      name: 'certbot',
      role: 'tool',
      image: settings.options.certbotImage ?? CERTBOT_IMAGE,
      // Renew twice a day; the deploy hook flags nginx (reload-on-renew.sh) to reload.
      entrypoint: [
        '/bin/sh',
        '-c',
        `trap exit TERM; while :; do certbot renew --quiet --webroot -w ${CONTAINER_PATHS.webroot} ` +
          `--deploy-hook "touch ${CONTAINER_PATHS.letsencrypt}/slipway-renewed"; sleep 12h & wait $!; done`,
      ],
      volumes: [
        { volume: certs, target: CONTAINER_PATHS.letsencrypt },
        { volume: webroot, target: CONTAINER_PATHS.webroot },
      ],
      healthCheck: HealthCheck.none(`a renewal loop; ${PROXY_FILES.initSsl} reports issuance problems`),
    });
  },
  render(routes, proxy, stack) {
    const files: OutputFile[] = [new TextFile(PROXY_FILES.nginxConf, () => renderNginxConf(routes, proxy))];
    if (proxy.tls) {
      files.push(new ScriptFile(PROXY_FILES.initSsl, () => renderInitSsl(routes, proxy, stack)));
      files.push(new ScriptFile(PROXY_FILES.nginxReload, renderReloadOnRenew, { shebang: '#!/bin/sh' }));
    }
    return files;
  },
};
