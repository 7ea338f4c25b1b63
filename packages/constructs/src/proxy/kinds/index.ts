import type { ProxyKind } from '../../model/proxy-model.js';
import { CADDY } from './caddy.js';
import { NGINX } from './nginx.js';
import type { ProxyKindDefinition } from './proxy-kind.js';
import { TRAEFIK } from './traefik.js';

export type { ProxyKindDefinition } from './proxy-kind.js';

/** Every proxy kind: a new proxy is one file in this folder and one entry here. */
export const PROXY_KINDS: Readonly<Record<ProxyKind, ProxyKindDefinition>> = {
  nginx: NGINX,
  traefik: TRAEFIK,
  caddy: CADDY,
};

/** The kinds, for messages: `nginx, traefik, caddy`. */
export const PROXY_KIND_NAMES: readonly ProxyKind[] = Object.keys(PROXY_KINDS) as ProxyKind[];

/** The definition of a kind; an unknown kind is an error (the App reports it to the user first). */
export function proxyKind(kind: string): ProxyKindDefinition {
  if (!Object.hasOwn(PROXY_KINDS, kind)) throw new Error(`internal: unknown proxy kind ${JSON.stringify(kind)} (known: ${PROXY_KIND_NAMES.join(', ')})`);
  return PROXY_KINDS[kind as ProxyKind];
}

/** True when the proxy gets its certificates from certbot (`init-ssl.sh` gets the first ones). */
export function usesCertbot(proxy: { readonly kind: string; readonly tls: boolean } | undefined): boolean {
  return proxy !== undefined && proxy.tls && proxyKind(proxy.kind).certificates === 'certbot';
}
