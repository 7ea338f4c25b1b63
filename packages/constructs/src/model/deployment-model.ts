import type { OpsModel } from './ops-model.js';
import type { ProxyModel, RouteModel } from './proxy-model.js';
import type { ServiceSwarmModel, SwarmModel } from './swarm-model.js';
import type { ModelValue } from './values.js';

/**
 * The deployment model: a plain, fully resolved description of everything to deploy.
 *
 * Constructs fill it; renderers (Compose, env example, proxies, scripts, runbook, Swarm) read it
 * and never look at constructs. Everything here is sorted and final: rendering is a pure function.
 */
export interface DeploymentModel {
  /** Project name (the App's name). */
  readonly name: string;
  /** `production` serves HTTPS; `local` serves the same routes over plain HTTP on localhost. */
  readonly mode: 'production' | 'local';
  /** Services sorted by name. */
  readonly services: readonly ServiceModel[];
  /** Networks sorted by name (`default` excluded: Compose provides it). */
  readonly networks: readonly NetworkModel[];
  /** Named volumes sorted by name. */
  readonly volumes: readonly VolumeModel[];
  /** Secrets sorted by variable name. */
  readonly secrets: readonly SecretModel[];
  /** Routes, one per Domain, sorted by name (see `proxy/proxy-model.ts`). Absent or empty without Domains. */
  readonly routes?: readonly RouteModel[];
  /** The reverse proxy serving the routes; absent when the App has no Domain. */
  readonly proxy?: ProxyModel;
  /** Deploy settings, backups, monitoring, admin tools and host (see `ops/ops-model.ts`). Absent in hand-built models. */
  readonly ops?: OpsModel;
  /** Swarm settings; present only when the App targets `swarm` (see `swarm/swarm-model.ts`). */
  readonly swarm?: SwarmModel;
}

/** What a service is for; drives secure defaults (data services get no egress, no ports). */
export type ServiceRole = 'app' | 'database' | 'cache' | 'proxy' | 'worker' | 'tool';

export interface ServiceModel {
  /** Service name in Compose (the construct id, unless renamed). */
  readonly name: string;
  /** Display path of the construct, for messages. */
  readonly path: string;
  readonly role: ServiceRole;
  readonly image?: string;
  readonly build?: BuildModel;
  readonly command?: readonly ModelValue[];
  /** Run once per release on the new image before it serves (migrations); literal words. */
  readonly releaseCommand?: readonly string[];
  readonly entrypoint?: readonly ModelValue[];
  /**
   * Variables given with `plain()`: public despite a secret-like name.
   * @default none
   */
  readonly plainVariables?: readonly string[];
  /** Variable name → value (references resolved, escaped for no format: see `values.ts`). */
  readonly environment: ReadonlyArray<readonly [string, ModelValue]>;
  /** Container ports the service listens on (reachable by other services). */
  readonly expose: readonly number[];
  /** Ports published on the host. */
  readonly ports: readonly PortModel[];
  readonly healthCheck?: HealthCheckModel;
  readonly mounts: readonly MountModel[];
  readonly restart: 'no' | 'always' | 'on-failure' | 'unless-stopped';
  readonly resources?: ResourcesModel;
  readonly user?: string;
  readonly replicas?: number;
  /** The user's labels (route labels are derived from `routes` by the renderers that need them). */
  readonly labels: ReadonlyArray<readonly [string, ModelValue]>;
  /** Networks this service joins, sorted. */
  readonly networks: readonly string[];
  /** Services this one waits for, sorted by name. */
  readonly dependsOn: readonly DependencyModel[];
  /** Secrets this service needs in its environment (by variable name), sorted. */
  readonly secrets: readonly string[];
  readonly security: SecurityModel;
  readonly logging: LoggingModel;
  /** Typed patches applied to the rendered Compose service, in order. */
  readonly overrides: readonly OverrideModel[];
  /**
   * How long a stop waits before killing (Compose duration).
   * @default Docker's (10 s)
   */
  readonly stopGracePeriod?: string;
  /** Most processes and threads in the container (Compose `pids_limit`). */
  readonly pidsLimit: number;
  /** Prometheus endpoint of the service, if it declares one. */
  readonly metrics?: MetricsModel;
  /** Swarm options of the service (update order, placement, `_FILE` secrets), if any. */
  readonly swarm?: ServiceSwarmModel;
  /** What a PostgreSQL service (a `Postgres` construct) holds; absent for every other service. */
  readonly postgres?: PostgresModel;
}

/** A PostgreSQL database, for the runbook and admin tools. */
export interface PostgresModel {
  readonly database: string;
  readonly user: string;
  /** Variable of `.env` holding the user's password. */
  readonly passwordVariable: string;
}

/** Where Prometheus scrapes a service. */
export interface MetricsModel {
  readonly port: number;
  readonly path: string;
}

export interface BuildModel {
  /** Build context, relative to the output folder. */
  readonly context: string;
  /** Dockerfile path, relative to the context. */
  readonly dockerfile?: string;
  readonly args: ReadonlyArray<readonly [string, ModelValue]>;
  readonly target?: string;
  /** Named build contexts (`additional_contexts`): name and path relative to the output folder. */
  readonly additionalContexts?: ReadonlyArray<readonly [string, string]>;
}

export interface PortModel {
  readonly container: number;
  readonly host: number;
  /** Host address to bind; `undefined` binds every interface (public). */
  readonly hostIp?: string;
  readonly protocol: 'tcp' | 'udp';
}

export interface HealthCheckModel {
  /** `CMD`: `command` is an argv run without a shell; `CMD-SHELL`: `command` is one shell script. */
  readonly form: 'CMD' | 'CMD-SHELL';
  readonly command: readonly ModelValue[];
  readonly interval: string;
  readonly timeout: string;
  readonly retries: number;
  readonly startPeriod: string;
}

export type MountModel =
  | { readonly type: 'volume'; readonly source: string; readonly target: string; readonly readOnly: boolean }
  /** `generated`: the source is a file Slipway writes into the output folder. */
  | {
      readonly type: 'bind';
      readonly source: string;
      readonly target: string;
      readonly readOnly: boolean;
      readonly generated?: boolean;
      /** A generated folder: the files in it the container reads (Swarm makes each a config). */
      readonly files?: readonly string[];
    }
  | { readonly type: 'tmpfs'; readonly target: string; readonly size?: string };

export interface ResourcesModel {
  readonly cpus?: number;
  readonly memory?: string;
  readonly reservedCpus?: number;
  readonly reservedMemory?: string;
}

export interface DependencyModel {
  readonly service: string;
  readonly condition: 'service_started' | 'service_healthy' | 'service_completed_successfully';
}

export interface SecurityModel {
  readonly noNewPrivileges: boolean;
  readonly readOnlyRootFilesystem: boolean;
  readonly capDrop: readonly string[];
  readonly capAdd: readonly string[];
}

export interface LoggingModel {
  readonly driver: string;
  readonly maxSize: string;
  readonly maxFile: number;
}

/** A patch on the rendered Compose service: set (or delete, when `value` is undefined) a path. */
export interface OverrideModel {
  readonly path: readonly string[];
  readonly value: unknown;
}

export interface NetworkModel {
  readonly name: string;
  /** No route to the outside world: for databases and caches. */
  readonly internal: boolean;
  readonly path: string;
}

export interface VolumeModel {
  readonly name: string;
  readonly path: string;
}

/** How a secret's value comes to exist. */
export type SecretSource =
  | { readonly kind: 'generated'; readonly recipe: string }
  | { readonly kind: 'provided'; readonly description: string };

export interface SecretModel {
  /** Environment variable holding it, in `.env`. */
  readonly variable: string;
  readonly path: string;
  readonly source: SecretSource;
  /** Services that use it, sorted. */
  readonly usedBy: readonly string[];
  /** The service the secret belongs to (a database's password), if any. */
  readonly owner?: string;
  /** Human description, shown in `.env.example`. */
  readonly description?: string;
}
