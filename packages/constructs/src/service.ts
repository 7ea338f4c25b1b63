import { Annotations, Reference, Tokens, Validation, type ValidationProblem } from '@slipway/core';
import { Construct, type IConstruct } from 'constructs';
import { DNS_NAME, dnsNameOf, ENV_NAME, SECRET_LIKE_NAME } from './_naming.js';
import type { HealthCheck } from './health-check.js';
import type { Network } from './network.js';
import type { ServiceRole } from './model/deployment-model.js';
import { PlainValue } from './plain-value.js';
import { Secret } from './secret.js';
import type { Volume } from './volume.js';
import { checkImage, checkPorts } from './_service-checks.js';
import { checkServiceProps, SERVICE_KEYS } from './_service-props-checks.js';
import { envValueProblems } from './validate/env-value.js';
import { impliedDependencyProblems } from './_implied-dependencies.js';
import { dangerousSettings } from './validate/dangerous-settings.js';
import { capabilityProblems } from './security/capability-checks.js';
import type { ComposeService } from './compose/compose-types.js';
import type { ServiceSwarmOptions } from './swarm/swarm-options.js';

/** A value of an environment variable. Secrets and references resolve at synth time. */
export type EnvValue = string | number | boolean | Reference | Secret | PlainValue;

export { PlainValue, plain } from './plain-value.js';

/** A deep-partial Compose service, for {@link Service.override}. */
export type ComposeServicePatch = DeepPartial<ComposeService>;
type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? (T[K] extends unknown[] ? T[K] : DeepPartial<T[K]>) : T[K] | undefined };

/** A port published on the host. */
export interface PortMapping {
  /** Port inside the container. */
  readonly container: number;
  /**
   * Port on the host.
   * @default same as `container`
   */
  readonly host?: number;
  /**
   * Listen on every interface (reachable from the internet) instead of 127.0.0.1. Produces the
   * `public-port` warning: prefer a Domain behind the proxy.
   * @default false
   */
  readonly public?: boolean;
  /**
   * @default `tcp`
   */
  readonly protocol?: 'tcp' | 'udp';
}

/** Something mounted into the container. */
export type Mount =
  | { readonly volume: Volume; readonly target: string; readonly readOnly?: boolean }
  /** `bind` is a path relative to the folder of `infra.ts`. */
  | { readonly bind: string; readonly target: string; readonly readOnly?: boolean }
  /**
   * `outputFile` is a path relative to the output folder (a file Slipway generates, or a folder of
   * them). For a folder, `files` lists those the container reads: on Swarm each becomes a config
   * under `target`; with Compose the folder is mounted whole, so a file replaced on disk is seen by
   * the running container (a single-file mount keeps showing the replaced file).
   */
  | { readonly outputFile: string; readonly target: string; readonly readOnly?: boolean; readonly files?: readonly string[] }
  | { readonly tmpfs: string; readonly size?: string };

/** A Dockerfile Slipway writes into the output folder (see `Dockerfile` in `dockerfile/`). */
export interface IGeneratedDockerfile {
  /** Path of the generated Dockerfile, relative to the output folder. */
  readonly outputPath: string;
  /**
   * Name of an additional build context that is the output folder, when the Dockerfile copies
   * generated files from it (`COPY --from=<name>`). Compose passes it as
   * `build.additional_contexts`.
   * @default undefined: the Dockerfile reads nothing from the output folder, or finds it in its context
   */
  readonly outputContext?: string;
}

/** How to build the image from source. Paths are relative to the folder of `infra.ts`. */
export interface BuildOptions {
  /** Build context folder. */
  readonly context: string;
  /**
   * Dockerfile path relative to the context, or a generated Dockerfile (Compose then points at
   * it in the output folder).
   * @default `Dockerfile`
   */
  readonly dockerfile?: string | IGeneratedDockerfile;
  /** Build arguments (never secrets: they stay in the image). */
  readonly args?: Readonly<Record<string, string>>;
  /**
   * Stage to build.
   * @default the last one
   */
  readonly target?: string;
  /**
   * The context is this folder of the output folder (files Slipway generates, e.g. a Job's
   * scheduler); `context` and `dockerfile` are then ignored (the Dockerfile is the folder's).
   * @default undefined: the context is `context`
   */
  readonly outputFolder?: string;
}

/** CPU and memory limits (and reservations). */
export interface Resources {
  /** CPU limit, e.g. 0.5. */
  readonly cpus?: number;
  /** Memory limit, e.g. `512M`, `1G`. */
  readonly memory?: string;
  readonly reservedCpus?: number;
  readonly reservedMemory?: string;
}

/** Options every kind of service accepts (presets and databases included). */
/** `pids_limit` of a service that sets none: room for any ordinary app, not for a fork bomb. */
export const DEFAULT_PIDS_LIMIT = 512;

export interface ServiceOptions {
  /**
   * Service name in Compose.
   * @default from the construct path (`api`, `web-worker`)
   */
  readonly name?: string;
  /**
   * The port the service listens on; Domains route to it.
   * @default none
   */
  readonly port?: number;
  /**
   * Ports published on the host. Prefer a Domain.
   * @default none
   */
  readonly ports?: readonly PortMapping[];
  /** Environment variables. */
  readonly env?: Readonly<Record<string, EnvValue>>;
  /**
   * Command, exec form.
   * @default the image's
   */
  readonly command?: readonly string[];
  /**
   * Entrypoint, exec form.
   * @default the image's
   */
  readonly entrypoint?: readonly string[];
  /**
   * A one-off command run once per release on the release's image, before any container of the
   * release serves: database migrations. `deploy.sh` runs it with `docker compose run --rm`, and a
   * failure stops the release before anything is switched. On Swarm, where nothing runs before a
   * stack update, each new task runs it before `command` (which must then be set).
   * @default none
   */
  readonly releaseCommand?: readonly string[];
  /**
   * Health check.
   * @default none, which gives the `no-healthcheck` warning
   */
  readonly healthCheck?: HealthCheck;
  readonly volumes?: readonly Mount[];
  /**
   * @default `unless-stopped`
   */
  readonly restart?: 'no' | 'always' | 'on-failure' | 'unless-stopped';
  readonly resources?: Resources;
  /**
   * User (and group) to run as, e.g. `1000:1000`.
   * @default the image's
   */
  readonly user?: string;
  /**
   * Number of containers.
   * @default 1
   */
  readonly replicas?: number;
  readonly labels?: Readonly<Record<string, string>>;
  /** Networks to join besides the ones Slipway wires. */
  readonly networks?: readonly Network[];
  /** Services to start first, besides those referenced in `env`. */
  readonly dependsOn?: readonly Service[];
  /**
   * Mount the root filesystem read-only. For the images whose writes Slipway knows (postgres,
   * redis, nginx, caddy, traefik, certbot, httpd: docs/security.md) it is the default, with a
   * tmpfs on each path they write; `false` turns it off.
   * @default true for those images, false for any other
   */
  readonly readOnlyRootFilesystem?: boolean;
  /**
   * Drop every Linux capability and add back only those the image's entry point needs (postgres,
   * redis, nginx, … see docs/security.md). `false` keeps Docker's default set, with the
   * `capabilities-not-dropped` warning.
   * @default true
   */
  readonly dropCapabilities?: boolean;
  /**
   * Linux capabilities to drop.
   * @default ['ALL'] (unless dropCapabilities is false)
   */
  readonly capDrop?: readonly string[];
  /**
   * Linux capabilities to add back, replacing the image's own list.
   * @default the capabilities the image's entry point needs (none for an image Slipway does not know)
   */
  readonly capAdd?: readonly string[];
  /**
   * Time to wait for a graceful stop, e.g. `30s`.
   * @default Docker's (10s)
   */
  readonly stopGracePeriod?: string;
  /**
   * Most processes and threads the container may run (`pids_limit`): a fork bomb or a thread leak
   * stops there instead of exhausting the host's process table. Threads count: raise it for
   * thread-heavy runtimes (a JVM with large pools).
   * @default 512 (Postgres: max_connections + 128 when that is more)
   */
  readonly pidsLimit?: number;
  /**
   * Prometheus endpoint that `Monitoring` scrapes.
   * @default none (not scraped)
   */
  readonly metrics?: MetricsEndpoint;
  /**
   * Update order, placement and `_FILE` secrets when the App targets Swarm.
   * @default derived
   */
  readonly swarm?: ServiceSwarmOptions;
}

/** Where a service serves Prometheus metrics, inside the stack's network. */
export interface MetricsEndpoint {
  /**
   * @default the service's `port`
   */
  readonly port?: number;
  /**
   * @default `/metrics`
   */
  readonly path?: string;
}

/** Properties of a {@link Service}: an image or a build, plus {@link ServiceOptions}. */
export interface ServiceProps extends ServiceOptions {
  /** Image with a pinned tag (`postgres:16.4-alpine`) or digest. Never `latest`. */
  readonly image?: string;
  /** Build the image from source instead. */
  readonly build?: BuildOptions;
  /**
   * What the service is for; data services get no egress and no ports.
   * @default `app`
   */
  readonly role?: ServiceRole;
}

const SERVICE_SYMBOL = Symbol.for('@slipway/constructs.Service');

const isRecord = (x: unknown): x is Record<string, never> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** True when `id` is taken under `scope` by the App's reverse proxy (created by the first Domain). */
function isReservedId(scope: Construct, id: string): boolean {
  const child = scope?.node?.tryFindChild(id);
  return child !== undefined && Symbol.for('@slipway/constructs.ReverseProxy') in child;
}

/**
 * One container (or set of replicas) in the deployment.
 *
 * @example
 * new Service(app, 'api', {
 *   image: 'ghcr.io/acme/api:1.4.2',
 *   port: 3000,
 *   env: { DATABASE_URL: db.url, NODE_ENV: 'production' },
 *   healthCheck: HealthCheck.http(3000, '/health'),
 * });
 */
export class Service extends Construct {
  static isService(x: unknown): x is Service {
    return typeof x === 'object' && x !== null && SERVICE_SYMBOL in x;
  }

  /** The Service a construct belongs to (itself, or its nearest Service ancestor). */
  static owning(c: IConstruct): Service | undefined {
    return [...c.node.scopes].reverse().find(Service.isService);
  }

  readonly name: string;
  readonly role: ServiceRole;
  readonly port?: number;
  readonly props: ServiceProps;
  private readonly env = new Map<string, EnvValue>();
  private readonly extraMounts: Mount[] = [];
  private readonly extraDeps: Service[] = [];
  private readonly waitConditions = new Map<Service, 'started' | 'healthy' | 'completed'>();
  private readonly overrides: Array<{ path: string[]; value: unknown }> = [];
  private readonly extraLabels = new Map<string, string>();
  private readonly propKeys = new Set<string>(SERVICE_KEYS);

  constructor(scope: Construct, id: string, props: ServiceProps = {}) {
    props ??= {}; // null from a JavaScript caller means no props, as leaving them out does
    const reserved = isReservedId(scope, id);
    super(scope, reserved ? `${id}~reserved` : id);
    Object.defineProperty(this, SERVICE_SYMBOL, { value: true });
    if (reserved) Annotations.of(this).addError(`the id "${id}" is reserved for the reverse proxy that Domains create.`, `give this construct another id (e.g. 'edge' or 'gateway'); to change the proxy, use the App's proxy and proxyOptions.`);
    this.props = props;
    this.name = props.name ?? dnsNameOf(this);
    this.role = props.role ?? 'app';
    this.port = props.port;
    // Wrong shapes are reported by the checks; here they are only kept from crashing.
    if (isRecord(props.env)) for (const [k, v] of Object.entries(props.env)) this.addEnv(k, v);
    if (Array.isArray(props.dependsOn)) for (const d of props.dependsOn) if (Service.isService(d)) this.addDependency(d);
    Validation.add(this, () => this.check());
  }

  /** Accepts more property names (a subclass's own props) besides those of ServiceProps. */
  protected allowProps(keys: readonly string[]): void {
    for (const k of keys) this.propKeys.add(k);
  }

  /** Sets an environment variable; references and secrets wire dependencies. */
  addEnv(name: string, value: EnvValue): this {
    this.env.set(name, value);
    this.recordReferences(Secret.isSecret(value) ? value.value : value);
    return this;
  }

  /** Mounts a volume, a host path or a tmpfs. */
  addMount(mount: Mount): this {
    this.extraMounts.push(mount);
    return this;
  }

  /**
   * Starts `other` before this service. By default waits for its health check when it has one
   * (else for its start); `completed` waits for a one-shot service to exit successfully.
   */
  addDependency(other: Service, waitFor?: 'started' | 'healthy' | 'completed'): this {
    this.extraDeps.push(other);
    if (waitFor) this.waitConditions.set(other, waitFor);
    if (other !== this) this.node.addDependency(other);
    return this;
  }

  /** What this service waits for before starting after `other`, when set explicitly. */
  waitConditionOf(other: Service): 'started' | 'healthy' | 'completed' | undefined {
    return this.waitConditions.get(other);
  }

  /** Adds a Docker label. */
  addLabel(key: string, value: string): this {
    this.extraLabels.set(key, value);
    return this;
  }

  /**
   * Escape hatch: sets a field of the rendered Compose service, by dotted path
   * (`deploy.resources.limits.pids`). Applied after rendering, then validated again.
   */
  addOverride(path: string, value: unknown): this {
    this.overrides.push({ path: path.split('.'), value });
    return this;
  }

  /** Escape hatch: removes a field of the rendered Compose service. */
  addDeletionOverride(path: string): this {
    return this.addOverride(path, undefined);
  }

  /**
   * Escape hatch, typed: deep-merges a patch into the rendered Compose service (objects merge,
   * everything else replaces; `undefined` deletes). Applied after rendering, then validated again.
   *
   * @example
   * api.override({ deploy: { resources: { limits: { pids: 200 } } }, init: true });
   */
  override(patch: ComposeServicePatch): this {
    const walk = (value: unknown, path: string[]) => {
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
      } else this.overrides.push({ path, value });
    };
    walk(patch, []);
    return this;
  }

  /** The URL other services use to reach this one inside the stack, e.g. `http://api:3000`. */
  get internalUrl(): Reference {
    return Tokens.concat(this, `the internal URL of ${this.node.path}`, [`http://${this.name}:${this.port ?? 80}`]);
  }

  /** Environment variables, in insertion order. */
  get environment(): ReadonlyArray<readonly [string, EnvValue]> {
    return [...this.env.entries()];
  }

  get mounts(): readonly Mount[] {
    return [...(Array.isArray(this.props.volumes) ? this.props.volumes : []), ...this.extraMounts];
  }

  get dependencies(): readonly Service[] {
    return this.extraDeps;
  }

  get labels(): ReadonlyArray<readonly [string, string]> {
    return [...Object.entries(isRecord(this.props.labels) ? this.props.labels : {}), ...this.extraLabels.entries()];
  }

  get patches(): ReadonlyArray<{ readonly path: readonly string[]; readonly value: unknown }> {
    return this.overrides;
  }

  /** Records dependencies on the services behind every reference in `value`. */
  protected recordReferences(value: unknown): void {
    for (const ref of Tokens.references(value)) {
      const owner = Service.owning(ref.producer);
      const target = owner ?? ref.producer;
      if (target !== this && !this.node.scopes.includes(target)) this.node.addDependency(target);
    }
  }

  /** Deferred checks, so that everything added after the constructor is checked too. */
  protected check(): ValidationProblem[] {
    const p = this.props;
    const out: ValidationProblem[] = [];
    if (typeof this.name !== 'string' || !DNS_NAME.test(this.name)) {
      out.push({ message: `service name "${this.name}" is not a valid host name.`, fix: 'use lowercase letters, digits and "-" (e.g. "api").' });
    }
    if ((p.image === undefined) === (p.build === undefined)) {
      out.push({
        message: p.image ? 'a service cannot have both "image" and "build".' : 'a service needs an "image" or a "build".',
        fix: p.image ? 'keep "build" to build from source, or "image" to pull a published image.' : `set image: 'name:1.2.3' or build: { context: '.' }.`,
      });
    }
    if (p.image !== undefined) out.push(...checkImage(p.image));
    out.push(...checkServiceProps(this, [...this.propKeys]));
    out.push(...dangerousSettings(p, this.mounts, this.overrides), ...capabilityProblems(p));
    for (const [name, value] of this.env) {
      if (!ENV_NAME.test(name)) {
        out.push({ message: `environment variable name "${name}" is invalid.`, fix: 'use letters, digits and "_", not starting with a digit (e.g. "API_URL").' });
      }
      out.push(...envValueProblems(name, value));
      const literal = typeof value === 'string' && !Tokens.isUnresolved(value);
      if (literal && value !== '' && SECRET_LIKE_NAME.test(name)) {
        out.push({
          message: `"${name}" looks like a secret but is set to a literal, which would be written into docker-compose.yml.`,
          fix: `use a Secret: env: { ${name}: new Secret(app, '${name.toLowerCase().replace(/_/g, '-')}', { generate: 'hex-32' }) }, or plain('…') if it is not secret.`,
        });
      }
    }
    for (const ref of Tokens.references(this.environment.map(([, v]) => (Secret.isSecret(v) ? v.value : v)))) {
      if (ref.producer.node.root !== this.node.root) {
        out.push({
          message: `environment uses ${ref.description}, which belongs to another App.`,
          fix: 'create the database, cache or secret in the same App as the service that uses it.',
        });
      }
    }
    for (const d of this.extraDeps) {
      if (d?.node?.root !== this.node.root) {
        out.push({ message: `depends on ${d.node.path}, which belongs to another App.`, fix: 'depend only on services of the same App.' });
      }
    }
    out.push(...checkPorts(this));
    out.push(...impliedDependencyProblems(this));
    if (!p.healthCheck && this.role !== 'tool') {
      out.push({
        warning: 'no-healthcheck',
        message: 'no health check: dependents and deploys cannot tell when this service is ready.',
        fix: `set healthCheck: HealthCheck.http(${this.port ?? 3000}, '/health'), or HealthCheck.none('why') to opt out.`,
      });
    }
    if (p.replicas !== undefined && (!Number.isInteger(p.replicas) || p.replicas < 0)) {
      out.push({ message: `replicas must be a whole number ≥ 0, got ${p.replicas}.`, fix: 'set replicas: 2 (or leave it out for one).' });
    }
    for (const m of this.mounts) {
      const target = m && typeof m === 'object' ? ('tmpfs' in m ? m.tmpfs : m.target) : undefined;
      if (typeof target === 'string' && !target.startsWith('/')) {
        out.push({ message: `mount target "${target}" is not an absolute path.`, fix: 'mount targets are paths inside the container, e.g. "/data".' });
      }
    }
    return out;
  }
}
