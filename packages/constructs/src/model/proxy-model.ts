import type { CorsModel } from '../proxy/cors.js';

/**
 * The proxy part of the deployment model: routes (one per Domain) and the proxy that serves
 * them. Every proxy renderer (nginx, Traefik, Caddy) reads only these plain, sorted values.
 */

/** The reverse proxies Slipway can render. */
export type ProxyKind = 'nginx' | 'traefik' | 'caddy';

/** Strict-Transport-Security settings. */
export interface HstsModel {
  /** Seconds; at least one year. */
  readonly maxAge: number;
  readonly includeSubDomains: boolean;
  readonly preload: boolean;
}

/** Response headers every route sets (the OWASP secure-headers baseline, plus the user's CSP). */
export interface SecurityHeadersModel {
  /** Absent in local mode (HSTS over plain HTTP is ignored and would pin `localhost`). */
  readonly hsts?: HstsModel;
  /** Header name → value, sorted by name. */
  readonly set: ReadonlyArray<readonly [string, string]>;
  /** Headers removed from upstream responses (`X-Powered-By`, …), sorted. */
  readonly remove: readonly string[];
}

/** One user of a basic-auth route; the hash is derived on the server from `variable`. */
export interface BasicAuthUserModel {
  readonly user: string;
  /** Variable in `.env` holding the password (a Secret). */
  readonly variable: string;
}

export interface BasicAuthModel {
  readonly realm: string;
  readonly users: readonly BasicAuthUserModel[];
}

export interface RateLimitModel {
  /** Requests per second per client IP. */
  readonly rps: number;
  /** Requests above the rate accepted at once before answering 429. */
  readonly burst: number;
}

export interface TimeoutsModel {
  /** Seconds to open the connection to the service. */
  readonly connect: number;
  /** Seconds to wait for the service's response (idle time between two reads). */
  readonly read: number;
  /** Seconds to send the request to the service (idle time between two writes). */
  readonly send: number;
}

/** One Domain: host names (and a path prefix) routed to a service port. */
export interface RouteModel {
  /** Stable, DNS-safe name of the route (from the Domain's path), unique in the App. */
  readonly name: string;
  /** Display path of the Domain, for messages. */
  readonly path: string;
  /** Host names served, in the order given (the first names the certificate). */
  readonly hosts: readonly string[];
  /** Extra host names that redirect (308) to a served host: `www` ↔ apex. */
  readonly redirects: ReadonlyArray<{ readonly from: string; readonly to: string }>;
  /** Path prefix without a trailing slash; `/` for the whole site. */
  readonly pathPrefix: string;
  /** Remove the prefix before passing the request on. */
  readonly stripPrefix: boolean;
  /** Target service name and port. */
  readonly service: string;
  readonly port: number;
  readonly rateLimit?: RateLimitModel;
  readonly basicAuth?: BasicAuthModel;
  /** Client addresses or CIDR ranges allowed; empty allows everyone. */
  readonly allowIps: readonly string[];
  /** Largest request body, in megabytes. */
  readonly maxBodyMb: number;
  readonly timeouts: TimeoutsModel;
  readonly websocket: boolean;
  readonly gzip: boolean;
  /** Answer `/index.html` when the service answers 404 (client-side routing). */
  readonly spa: boolean;
  /** Long-cache (`immutable`) headers on hashed static assets. */
  readonly cacheHashedAssets: boolean;
  readonly headers: SecurityHeadersModel;
  /** CORS answered by the proxy; absent when the Domain has no `cors`. */
  readonly cors?: CorsModel;
}

/** Let's Encrypt account settings. */
export interface AcmeModel {
  readonly email: string;
  /** Use the staging CA (untrusted certificates, generous rate limits). */
  readonly staging: boolean;
  /** ACME directory URL when it is not Let's Encrypt's (takes precedence over `staging`). */
  readonly server?: string;
}

/** The Traefik dashboard, when enabled: on its own host, behind basic auth. */
export interface DashboardModel {
  readonly host: string;
  readonly auth: BasicAuthModel;
}

/** The reverse proxy in front of every route. */
export interface ProxyModel {
  readonly kind: ProxyKind;
  /** Compose service name of the proxy. */
  readonly service: string;
  /** HTTPS with automatic certificates (production); plain HTTP on localhost (local). */
  readonly tls: boolean;
  readonly acme?: AcmeModel;
  /** Service that derives basic-auth hashes from secrets at start, when any route uses basic auth. */
  readonly authService?: string;
  /** Folder, inside the proxy container, holding the derived password files. */
  readonly authDir: string;
  /** certbot service (nginx in production). */
  readonly certbotService?: string;
  /** nginx syntax level: the oldest nginx version the output must run on, e.g. `1.22`. */
  readonly nginxVersion: string;
  /** Traefik dynamic configuration format. */
  readonly traefikFormat: 'yaml' | 'toml';
  /** Traefik: routes as Docker labels on services instead of a dynamic file. */
  readonly traefikLabels: boolean;
  /** Traefik dashboard; absent when disabled. */
  readonly dashboard?: DashboardModel;
  /** Compose network the proxy reaches services on, as Docker names it (`<project>_default`). */
  readonly dockerNetwork: string;
}
