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
  /**
   * The generated `nginx/` and `caddy/` folders. Mounted whole, not file by file: a file replaced
   * on disk by a new synth is then what the proxy reads on its next reload.
   */
  nginxDir: '/etc/nginx/slipway',
  nginxConf: '/etc/nginx/slipway/nginx.conf',
  caddyDir: '/etc/caddy/slipway',
  caddyfile: '/etc/caddy/slipway/Caddyfile',
} as const;

/** The proxy's own command line with the mounted configuration (also what `nginx -s` must name). */
export const NGINX_CONF_ARGS = ['-c', CONTAINER_PATHS.nginxConf] as const;
export const CADDY_CONFIG_ARGS = ['--config', CONTAINER_PATHS.caddyfile, '--adapter', 'caddyfile'] as const;

/** Certificate files certbot writes for a certificate name. */
export function certbotCertificate(name: string): { fullchain: string; privkey: string } {
  return {
    fullchain: `${CONTAINER_PATHS.letsencrypt}/live/${name}/fullchain.pem`,
    privkey: `${CONTAINER_PATHS.letsencrypt}/live/${name}/privkey.pem`,
  };
}
