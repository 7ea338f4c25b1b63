import type { OutputFile } from '@slipway/core';
import type { Construct } from 'constructs';
import type { Network } from '../../network.js';
import type { ServiceProps } from '../../service.js';
import type { ProxyModel, RouteModel } from '../../model/proxy-model.js';
import type { ProxySettings } from '../proxy-options.js';
import type { ReverseProxy } from '../../reverse-proxy.js';

/**
 * Everything Slipway knows about one reverse proxy kind. A new proxy is one file implementing
 * this and one entry in `PROXY_KINDS` (`kinds/index.ts`); nothing else branches on the kind.
 */
export interface ProxyKindDefinition {
  /** Default image, pinned (`proxyOptions.image` replaces it). */
  readonly image: string;
  /**
   * How the proxy gets certificates in production: `certbot` (a `certbot` service beside it and
   * `init-ssl.sh` for the first ones) or `acme` (the proxy speaks ACME itself).
   */
  readonly certificates: 'certbot' | 'acme';
  /** Command, health check and hardening of the proxy service (name, role, image and ports are common). */
  serviceProps(settings: ProxySettings): Pick<ServiceProps, 'command' | 'healthCheck' | 'capDrop' | 'capAdd'>;
  /** Networks the proxy joins besides `default`, created before it (e.g. Traefik's Docker API network). */
  networks?(scope: Construct, proxyId: string, settings: ProxySettings): Network[];
  /** Mounts, helper services and secrets of the proxy, added right after it is created. */
  setUp(proxy: ReverseProxy, tls: boolean, settings: ProxySettings): void;
  /**
   * The proxy's own files (configuration, scripts), rendered from the model. `stack` names the
   * Swarm stack when the App targets Swarm (scripts that run beside it must hand over to it).
   */
  render(routes: readonly RouteModel[], proxy: ProxyModel, stack?: string): OutputFile[];
}
