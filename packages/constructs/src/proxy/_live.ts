import { ident } from './_sites.js';

/**
 * What `deploy.sh` changes in a running proxy during a release: which container of a service the
 * proxy sends to (so a new container gets traffic only once it is healthy, and the old one none
 * once it is retired), and the maintenance page. The proxy configuration reads these values with
 * a default, so a proxy that `deploy.sh` never touched routes to the service name as before.
 *
 * nginx: files written into the running container, included where they apply (an include of a
 * glob that matches nothing is allowed), applied with `nginx -s reload`.
 * Caddy: environment variables with a default in the Caddyfile, set on `caddy reload`, and an
 * imported maintenance file.
 */

/** Folder, inside the nginx container, of the files `deploy.sh` writes. */
export const NGINX_LIVE_DIR = '/etc/nginx/live';
/** Folder, inside the Caddy container, of the files `deploy.sh` writes. */
export const CADDY_LIVE_DIR = '/etc/caddy/live';

/** nginx variable holding the host (a container name) a service's routes proxy to. */
export function nginxLiveVariable(service: string): string {
  return `$live_${ident(service)}`;
}

/** The file (in {@link NGINX_LIVE_DIR}) that sets {@link nginxLiveVariable} of a service. */
export function nginxLiveFile(service: string): string {
  return `${NGINX_LIVE_DIR}/${service}.conf`;
}

/** Include of a file that may be absent: the last character as a one-letter glob class. */
export function optionalInclude(file: string): string {
  return `${file.slice(0, -1)}[${file.slice(-1)}]`;
}

/** Maintenance switch of the nginx site servers (a server-level `return 503`). */
export const NGINX_MAINTENANCE_FILE = `${NGINX_LIVE_DIR}/maintenance.conf`;
/** Maintenance switch of the Caddy site blocks (a rewrite to a 503 handler). */
export const CADDY_MAINTENANCE_FILE = `${CADDY_LIVE_DIR}/maintenance.caddy`;
/** Path the Caddy maintenance file rewrites every request to. */
export const CADDY_MAINTENANCE_PATH = '/slipway-maintenance';

/** Environment variable of `caddy reload` naming the host a service's routes proxy to. */
export function caddyLiveVariable(service: string): string {
  return `SLIPWAY_LIVE_${ident(service).toUpperCase()}`;
}

/** Caddyfile upstream of a service port: the live host, by default the service name. */
export function caddyUpstream(service: string, port: number): string {
  return `{$${caddyLiveVariable(service)}:${service}}:${port}`;
}
