import type { ProxyKind } from '../model/proxy-model.js';

/** Let's Encrypt account. */
export interface AcmeOptions {
  /** Contact e-mail for the account (expiry notices). Required for automatic certificates. */
  readonly email: string;
  /**
   * Use the staging CA (untrusted certificates, generous rate limits) while testing.
   * @default false
   */
  readonly staging?: boolean;
  /**
   * ACME directory URL of another certificate authority (ZeroSSL, Buypass, a company's own
   * step-ca…). Its certificate chain must be trusted by the proxy image (Caddy, Traefik) or the
   * certbot image (nginx). Takes precedence over `staging`.
   * @default Let's Encrypt's directory (or its staging directory with `staging: true`)
   */
  readonly server?: string;
}

/**
 * The Traefik dashboard: off by default; when on, served on its own host behind basic auth. Its
 * password is a generated Secret (`PROXY_DASHBOARD_PASSWORD` in `.env`), hashed on the server.
 */
export interface DashboardOptions {
  /** Host name of the dashboard, e.g. `traefik.example.com`. */
  readonly host: string;
  /**
   * @default 'admin'
   */
  readonly user?: string;
}

/** Options of the reverse proxy, beyond its kind. */
export interface ProxyOptions {
  /**
   * Proxy image.
   * @default `nginx:1.28.0-alpine`, `traefik:v3.3.4` or `caddy:2.9.1-alpine`
   */
  readonly image?: string;
  /**
   * nginx: the oldest nginx version the generated `nginx.conf` must run on. `1.22` (default)
   * emits syntax every nginx from 1.22 to today accepts; `1.25.1` and later switch to
   * `http2 on;`; `1.27.3` and later add upstream blocks with `resolve` and keepalive pools.
   */
  readonly nginxVersion?: string;
  /**
   * certbot image (nginx).
   * @default 'certbot/certbot:v2.11.0'
   */
  readonly certbotImage?: string;
  /** Traefik: dynamic configuration as `yaml` (default) or `toml`. */
  readonly traefikFormat?: 'yaml' | 'toml';
  /**
   * Traefik: write routes as Docker labels on each service (as Dokploy and Coolify do) instead
   * of a dynamic file. Traefik then reads the Docker API through a read-only socket proxy
   * (`docker-socket-proxy`), never the socket itself.
   * @default false
   */
  readonly traefikLabels?: boolean;
  /**
   * Traefik dashboard.
   * @default disabled
   */
  readonly dashboard?: DashboardOptions;
}

/** Everything the App knows about its proxy; read by {@link ReverseProxy}. */
export interface ProxySettings {
  readonly kind: ProxyKind;
  readonly mode: 'production' | 'local';
  readonly acme?: AcmeOptions;
  readonly options: ProxyOptions;
}

export const CERTBOT_IMAGE = 'certbot/certbot:v2.11.0';
/** Has `htpasswd`, used once at start to derive password hashes from secrets. */
export const AUTH_IMAGE = 'httpd:2.4.62-alpine';
