/**
 * The Linux capabilities an image's own start-up needs once every capability is dropped
 * (`cap_drop: [ALL]`). Read from each official image's entry point; docs/security.md gives the
 * reason for each one. An image that is not listed gets none: it must start as the user it runs as.
 */
export const IMAGE_CAPABILITIES: Readonly<Record<string, readonly string[]>> = {
  // Starts as root: chowns $PGDATA (find … -exec chown, inside the 0700 data folder, so
  // DAC_OVERRIDE), chmods it (FOWNER: the folder belongs to postgres), then gosu/su-exec to postgres.
  postgres: ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID'],
  // Starts as root when the command is redis-server: chowns /data (its appendonlydir is 0700,
  // umask 0077), then gosu to redis.
  redis: ['CHOWN', 'DAC_OVERRIDE', 'SETGID', 'SETUID'],
  // Valkey's image has the same entry point as Redis's (valkey-server as root: chown, then setpriv).
  'valkey/valkey': ['CHOWN', 'DAC_OVERRIDE', 'SETGID', 'SETUID'],
  // Same pattern as postgres: chown of the data folder, then gosu to the service user.
  mariadb: ['CHOWN', 'DAC_OVERRIDE', 'SETGID', 'SETUID'],
  mysql: ['CHOWN', 'DAC_OVERRIDE', 'SETGID', 'SETUID'],
  mongo: ['CHOWN', 'DAC_OVERRIDE', 'SETGID', 'SETUID'],
  rabbitmq: ['CHOWN', 'DAC_OVERRIDE', 'SETGID', 'SETUID'],
  // Master as root: binds 80/443, creates and chowns its temp folders, starts workers as nginx.
  nginx: ['CHOWN', 'NET_BIND_SERVICE', 'SETGID', 'SETUID'],
  // Apache: root binds 80, children run as www-data.
  httpd: ['NET_BIND_SERVICE', 'SETGID', 'SETUID'],
  // Run as root and bind 80/443; nothing else.
  caddy: ['NET_BIND_SERVICE'],
  traefik: ['NET_BIND_SERVICE'],
  // gunicorn listens on 80 as the pgadmin user.
  'dpage/pgadmin4': ['NET_BIND_SERVICE'],
};

/** `postgres` for `postgres:16-alpine`, `docker.io/library/postgres@sha256:…`; `dpage/pgadmin4` for its image. */
export function imageRepository(image: string): string {
  const withoutDigest = image.split('@')[0]!;
  const parts = withoutDigest.split('/');
  const last = parts.pop()!.replace(/:[^:]*$/, '');
  // A first part with a dot, a colon or "localhost" is a registry.
  if (parts.length && (/[.:]/.test(parts[0]!) || parts[0] === 'localhost')) parts.shift();
  if (parts[0] === 'library') parts.shift();
  return [...parts, last].join('/');
}

/** Capabilities `image` needs on top of an empty set; none for an image not listed. */
export function imageCapabilities(image: string | undefined): readonly string[] {
  if (typeof image !== 'string') return [];
  return IMAGE_CAPABILITIES[imageRepository(image)] ?? [];
}
