/** Output files of the proxies (relative to the output folder) and where containers see them. */
export const PROXY_FILES = {
  nginxConf: 'nginx/nginx.conf',
  nginxReload: 'nginx/reload-on-renew.sh',
  initSsl: 'init-ssl.sh',
  authScript: 'proxy/derive-auth.sh',
  traefikStatic: 'traefik/traefik.yml',
  traefikDynamic: (format: 'yaml' | 'toml') => `traefik/dynamic.${format === 'yaml' ? 'yml' : 'toml'}`,
  caddyfile: 'caddy/Caddyfile',
} as const;

/** Paths inside the containers. */
export const CONTAINER_PATHS = {
  letsencrypt: '/etc/letsencrypt',
  webroot: '/var/www/certbot',
  /** Derived password files, read-only in the proxy. */
  authDir: '/etc/slipway/auth',
  /** The same volume, writable, in the one-shot service that derives them. */
  authWriteDir: '/auth',
  authScript: '/slipway/derive-auth.sh',
  traefikAcme: '/letsencrypt/acme.json',
  traefikDynamicDir: '/etc/traefik/dynamic',
} as const;

/** Certificate files certbot writes for a certificate name. */
export function certbotCertificate(name: string): { fullchain: string; privkey: string } {
  return {
    fullchain: `${CONTAINER_PATHS.letsencrypt}/live/${name}/fullchain.pem`,
    privkey: `${CONTAINER_PATHS.letsencrypt}/live/${name}/privkey.pem`,
  };
}
