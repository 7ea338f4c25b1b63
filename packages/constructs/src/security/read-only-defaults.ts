import type { MountModel } from '../model/deployment-model.js';
import type { Mount, ServiceProps } from '../service.js';
import { imageRepository } from './image-capabilities.js';

/**
 * Images whose writes outside their volumes are known: the root filesystem is mounted read-only
 * and these paths get a tmpfs. docs/security.md says what each path holds. An image not listed
 * keeps a writable root filesystem unless `readOnlyRootFilesystem: true`.
 */
export const IMAGE_WRITABLE_PATHS: Readonly<Record<string, readonly string[]>> = {
  // the Unix socket folder (chowned by the entry point at each start), temporary files
  postgres: ['/var/run/postgresql', '/tmp'],
  redis: ['/tmp'],
  // temporary folders of the master (client bodies, proxy buffers), its pid file, the reload marker;
  // /etc/nginx/live: what deploy.sh writes during a release (the container it routes to, maintenance)
  nginx: ['/etc/nginx/live', '/var/cache/nginx', '/run', '/tmp'],
  // /etc/caddy/live: deploy.sh's maintenance switch during a release
  caddy: ['/etc/caddy/live', '/tmp'],
  traefik: ['/tmp'],
  // certbot's work folder and logs (its certificates are on the letsencrypt volume)
  'certbot/certbot': ['/var/lib/letsencrypt', '/var/log/letsencrypt', '/tmp'],
  // the pid file and logs of Apache (proxy-auth itself writes only into its volume)
  httpd: ['/usr/local/apache2/logs', '/tmp'],
  // its entry point writes the HAProxy configuration to /tmp; HAProxy writes its pid file to /run
  'tecnativa/docker-socket-proxy': ['/tmp', '/run'],
};

/** Size of each tmpfs, so that a runaway writer fills memory only this far. */
export const TMPFS_SIZE = '64m';

/**
 * Whether the root filesystem is read-only, and the tmpfs mounts that makes necessary. Default:
 * read-only for a listed image; `readOnlyRootFilesystem` decides otherwise. A path the service
 * already mounts something on gets no tmpfs.
 */
export function rootFilesystemOf(p: ServiceProps, mounts: readonly Mount[]): { readOnly: boolean; tmpfs: MountModel[] } {
  const paths = typeof p.image === 'string' ? IMAGE_WRITABLE_PATHS[imageRepository(p.image)] : undefined;
  const readOnly = typeof p.readOnlyRootFilesystem === 'boolean' ? p.readOnlyRootFilesystem : paths !== undefined;
  if (!readOnly || !paths || p.readOnlyRootFilesystem === true) return { readOnly, tmpfs: [] };
  const taken = new Set(mounts.map((m) => (m && typeof m === 'object' ? ('tmpfs' in m ? m.tmpfs : m.target) : undefined)).filter((t) => typeof t === 'string').map((t) => t.replace(/\/+$/, '')));
  return { readOnly, tmpfs: paths.filter((t) => !taken.has(t)).map((target) => ({ type: 'tmpfs', target, size: TMPFS_SIZE })) };
}
