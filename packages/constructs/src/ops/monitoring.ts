import { Annotations } from '@slipway/core';
import { Construct } from 'constructs';
import { Domain } from '../domain.js';
import { HealthCheck } from '../health-check.js';
import { Secret } from '../secret.js';
import { Service } from '../service.js';
import { Volume } from '../volume.js';
import { hostOrigin } from '../model/local-hosts.js';

/** Properties of {@link Monitoring}. */
export interface MonitoringProps {
  /**
   * Public host name of Grafana, e.g. `grafana.example.com`. Grafana is then served only
   * through the proxy, by a {@link Domain} under that name (HTTPS, basic auth, then Grafana's own
   * login).
   * @default none — Grafana listens on the server's 127.0.0.1:3001, for an SSH tunnel
   */
  readonly grafanaHost?: string;
  /**
   * Put basic auth (user `admin`, a generated password) in front of Grafana's public Domain, so
   * its login page is not open to the internet. Turning it off gives the
   * `grafana-without-basic-auth` warning.
   * @default true
   */
  readonly grafanaBasicAuth?: boolean;
  /**
   * Only these addresses or CIDR ranges reach Grafana's Domain.
   * @default everyone (behind auth)
   */
  readonly grafanaAllowIps?: readonly string[];
  /**
   * How often Prometheus scrapes.
   * @default `15s`
   */
  readonly scrapeInterval?: string;
  /**
   * How long Prometheus keeps samples.
   * @default `15d`
   */
  readonly retention?: string;
  /**
   * Run node-exporter (CPU, memory, disk of the server).
   * @default true
   */
  readonly hostMetrics?: boolean;
  /**
   * Run cAdvisor (CPU and memory per container, read from cgroups).
   * @default true
   */
  readonly containerMetrics?: boolean;
}

const MONITORING_SYMBOL = Symbol.for('@slipway/constructs.Monitoring');
const DURATION = /^\d+(ms|s|m|h|d|w|y)$/;

/** Pinned images, bumped deliberately. */
export const MONITORING_IMAGES = {
  prometheus: 'prom/prometheus:v2.54.1',
  grafana: 'grafana/grafana:11.2.2',
  nodeExporter: 'prom/node-exporter:v1.8.2',
  cadvisor: 'gcr.io/cadvisor/cadvisor:v0.49.1',
} as const;

/** Where the monitoring configuration lives in the output folder. */
export const MONITORING_DIR = 'monitoring';

/**
 * Prometheus + Grafana for the stack. Prometheus scrapes every service that declares `metrics`,
 * plus node-exporter (the server) and cAdvisor (containers); Grafana starts with Prometheus as
 * its data source and a starter dashboard. Nothing is published to the internet: Grafana is reached
 * through {@link MonitoringProps.grafanaHost} (a Domain behind the proxy, with basic auth and
 * Grafana's login) or an SSH tunnel; Prometheus only through a tunnel (127.0.0.1:9090).
 *
 * @example
 * new Monitoring(app, 'monitoring', { grafanaHost: 'grafana.example.com' });
 */
export class Monitoring extends Construct {
  static isMonitoring(x: unknown): x is Monitoring {
    return typeof x === 'object' && x !== null && MONITORING_SYMBOL in x;
  }

  readonly prometheus: Service;
  readonly grafana: Service;
  readonly nodeExporter?: Service;
  readonly cadvisor?: Service;
  readonly grafanaPassword: Secret;
  /** The Domain serving Grafana, when {@link MonitoringProps.grafanaHost} is set. */
  readonly grafanaDomain?: Domain;
  readonly grafanaHost?: string;
  readonly scrapeInterval: string;
  readonly retention: string;

  constructor(scope: Construct, id: string, props: MonitoringProps = {}) {
    props ??= {}; // null from a JavaScript caller means no props
    super(scope, id);
    Object.defineProperty(this, MONITORING_SYMBOL, { value: true });
    this.grafanaHost = props.grafanaHost;
    this.scrapeInterval = props.scrapeInterval ?? '15s';
    this.retention = props.retention ?? '15d';
    // The App's mode (read structurally: importing App here would be an import cycle).
    const local = (this.node.root as { mode?: unknown }).mode === 'local';

    this.prometheus = new Service(this, 'prometheus', {
      name: 'prometheus',
      image: MONITORING_IMAGES.prometheus,
      port: 9090,
      // Loopback only: reached through an SSH tunnel (see DEPLOY.md).
      ports: [{ container: 9090, host: 9090 }],
      command: [
        '--config.file=/etc/prometheus/prometheus.yml',
        '--storage.tsdb.path=/prometheus',
        `--storage.tsdb.retention.time=${this.retention}`,
      ],
      volumes: [
        { outputFile: `${MONITORING_DIR}/prometheus.yml`, target: '/etc/prometheus/prometheus.yml', readOnly: true },
        { volume: new Volume(this, 'prometheus-data', { name: 'prometheus-data' }), target: '/prometheus' },
      ],
      healthCheck: HealthCheck.http(9090, '/-/healthy'),
      user: '65534:65534',
      capDrop: ['ALL'],
      resources: { memory: '512M' },
    });

    this.grafanaPassword = new Secret(this, 'grafana-admin-password', {
      generate: 'alnum-24',
      envName: 'GRAFANA_ADMIN_PASSWORD',
      description: 'password of the Grafana "admin" user',
    });
    this.grafana = new Service(this, 'grafana', {
      name: 'grafana',
      image: MONITORING_IMAGES.grafana,
      port: 3000,
      // Without a public host name, Grafana is reached through an SSH tunnel to this loopback port.
      ports: this.grafanaHost ? undefined : [{ container: 3000, host: 3001 }],
      env: {
        GF_SECURITY_ADMIN_USER: 'admin',
        GF_SECURITY_ADMIN_PASSWORD: this.grafanaPassword,
        GF_USERS_ALLOW_SIGN_UP: 'false',
        GF_AUTH_ANONYMOUS_ENABLED: 'false',
        GF_ANALYTICS_REPORTING_ENABLED: 'false',
        GF_ANALYTICS_CHECK_FOR_UPDATES: 'false',
        GF_SECURITY_COOKIE_SECURE: this.grafanaHost && !local ? 'true' : 'false',
        // Grafana builds its redirects from this URL; in local mode the proxy serves <host>.localhost over HTTP.
        ...(this.grafanaHost ? { GF_SERVER_ROOT_URL: `${hostOrigin(this.grafanaHost, local)}/` } : {}),
      },
      volumes: [
        { outputFile: `${MONITORING_DIR}/grafana/provisioning`, target: '/etc/grafana/provisioning', readOnly: true },
        { outputFile: `${MONITORING_DIR}/grafana/dashboards`, target: '/var/lib/grafana/dashboards', readOnly: true },
        { volume: new Volume(this, 'grafana-data', { name: 'grafana-data' }), target: '/var/lib/grafana' },
      ],
      healthCheck: HealthCheck.http(3000, '/api/health'),
      user: '472:0',
      dependsOn: [this.prometheus],
      resources: { memory: '256M' },
    });

    if (this.grafanaHost) {
      const basicAuth = props.grafanaBasicAuth ?? true;
      this.grafanaDomain = new Domain(this, 'grafana-domain', {
        host: this.grafanaHost,
        to: this.grafana,
        allowIps: props.grafanaAllowIps,
        websocket: true, // Grafana Live
        basicAuth: basicAuth
          ? {
              realm: 'Grafana',
              users: [{ user: 'admin', password: new Secret(this, 'grafana-basic-auth-password', { generate: 'alnum-24', envName: 'GRAFANA_BASIC_AUTH_PASSWORD', description: 'basic auth in front of Grafana (user admin)' }) }],
            }
          : undefined,
      });
      if (!basicAuth) {
        Annotations.of(this).addWarning(
          'grafana-without-basic-auth',
          `Grafana's login page is public at ${this.grafanaHost}, guarded only by Grafana's own login.`,
          'keep grafanaBasicAuth (the default), or restrict grafanaAllowIps to your addresses.',
        );
      }
    }

    if (props.hostMetrics ?? true) {
      this.nodeExporter = new Service(this, 'node-exporter', {
        name: 'node-exporter',
        image: MONITORING_IMAGES.nodeExporter,
        port: 9100,
        command: ['--path.rootfs=/host'],
        volumes: [{ bind: '/', target: '/host', readOnly: true }],
        healthCheck: HealthCheck.http(9100, '/metrics'),
        user: '65534:65534',
        capDrop: ['ALL'],
        readOnlyRootFilesystem: true,
        resources: { memory: '64M' },
      });
    }
    if (props.containerMetrics ?? true) {
      // cgroups and Docker's data folder, read-only; no Docker socket (it would grant root).
      this.cadvisor = new Service(this, 'cadvisor', {
        name: 'cadvisor',
        image: MONITORING_IMAGES.cadvisor,
        port: 8080,
        command: ['--docker_only=true', '--housekeeping_interval=30s', '--store_container_labels=false'],
        volumes: [
          { bind: '/', target: '/rootfs', readOnly: true },
          { bind: '/sys', target: '/sys', readOnly: true },
          { bind: '/var/lib/docker', target: '/var/lib/docker', readOnly: true },
          { bind: '/dev/disk', target: '/dev/disk', readOnly: true },
        ],
        healthCheck: HealthCheck.http(8080, '/healthz'),
        resources: { memory: '256M' },
        // Reads every container's files and cgroups as root: Docker's default capabilities.
        dropCapabilities: false,
      });
      Annotations.of(this.cadvisor).acknowledge('capabilities-not-dropped', "cAdvisor reads every container's files and cgroups as root");
    }

    const a = Annotations.of(this);
    if (!DURATION.test(this.scrapeInterval)) a.addError(`scrapeInterval "${this.scrapeInterval}" is not a Prometheus duration.`, `use e.g. '15s' or '1m'.`);
    if (!DURATION.test(this.retention)) a.addError(`retention "${this.retention}" is not a Prometheus duration.`, `use e.g. '15d' or '8w'.`);
  }
}
