import { activeSession, Annotations, App as CoreApp, Validation, type AppProps as CoreAppProps, type IFileProducer, type OutputFile } from '@slipway/core';
import { dirname } from 'node:path';
import { checkUniqueness } from './_uniqueness.js';
import type { AppRenderer } from './app-renderer.js';
import { APP_RENDERERS } from './app-renderers.js';
import { buildModel } from './model/build-model.js';
import type { DeploymentModel } from './model/deployment-model.js';
import { PROXY_KIND_NAMES } from './proxy/kinds/index.js';
import type { ProxyKind } from './model/proxy-model.js';
import type { AcmeOptions, ProxyOptions, ProxySettings } from './proxy/proxy-options.js';
import { enableSwarmChecks, swarmModelOf } from './swarm/swarm-checks.js';
import { unknownKeys } from './validate/known-keys.js';
import type { SwarmOptions } from './swarm/swarm-options.js';
import { DEFAULT_DOCKERFILE_SYNTAX } from './dockerfile/render-dockerfile.js';

const APP_KEYS = ['name', 'outdir', 'strict', 'mode', 'target', 'swarm', 'proxy', 'acme', 'proxyOptions', 'dockerfileSyntax'];

/** Deployment targets Slipway can render. */
export const DEPLOYMENT_TARGETS = ['compose', 'swarm'] as const;
export type DeploymentTarget = (typeof DEPLOYMENT_TARGETS)[number];

/** Properties of a Slipway {@link App}. */
export interface AppProps extends CoreAppProps {
  /**
   * `production` serves every Domain over HTTPS; `local` serves the same routes over plain HTTP
   * on localhost, for development.
   * @default 'production'
   */
  readonly mode?: 'production' | 'local';
  /**
   * Where the stack runs: `compose` (one host, `docker compose`) or `swarm` (also writes
   * `stack.yml` for `docker stack deploy`, see docs/swarm.md). The CLI's `--target` chooses
   * when this is not set; both must agree when both are given.
   * @default 'compose'
   */
  readonly target?: DeploymentTarget;
  /** Registry, release variable, data node label and network encryption of the Swarm target. */
  readonly swarm?: SwarmOptions;
  /**
   * Reverse proxy in front of the Domains.
   * @default 'nginx'
   */
  readonly proxy?: ProxyKind;
  /** Let's Encrypt account; required in production when the App has Domains. */
  readonly acme?: AcmeOptions;
  /** Proxy image, nginx syntax level, Traefik format, labels mode and dashboard. */
  readonly proxyOptions?: ProxyOptions;
  /**
   * BuildKit frontend of every generated Dockerfile (its `# syntax=` line), unless a Dockerfile
   * sets its own. `false` writes no such line: the builder's built-in frontend is used, which
   * builders without access to Docker Hub (offline or air-gapped) need.
   * @default 'docker/dockerfile:1'
   */
  readonly dockerfileSyntax?: string | false;
}

/**
 * The root of a deployment. Synthesizing it writes `docker-compose.yml`, `.env.example` and
 * everything the constructs under it need.
 *
 * @example
 * const app = new App({ name: 'shop' });
 * const db = new Postgres(app, 'db', { version: '16' });
 * new Service(app, 'api', { image: 'ghcr.io/acme/shop-api:2.3.1', env: { DATABASE_URL: db.url } });
 * app.synth();
 */
export class App extends CoreApp implements IFileProducer {
  readonly mode: 'production' | 'local';
  /** Where the stack runs (App option, else `synth --target`, else `compose`). */
  readonly target: DeploymentTarget;
  /** What the reverse proxy (created by the first Domain) is and how it gets certificates. */
  readonly proxySettings: ProxySettings;
  /** Swarm options as given (used when the target is `swarm`). */
  readonly swarmOptions: SwarmOptions;
  /** BuildKit frontend of the generated Dockerfiles, or false for none. */
  readonly dockerfileSyntax: string | false;
  private cachedModel?: DeploymentModel;
  private readonly renderers: AppRenderer[] = [];

  constructor(props: AppProps = {}) {
    super(props);
    this.mode = props.mode ?? 'production';
    this.target = props.target ?? (this.cliTarget as DeploymentTarget | undefined) ?? 'compose';
    this.checkTarget(props.target);
    this.checkProps(props);
    this.swarmOptions = props.swarm ?? {};
    this.dockerfileSyntax = props.dockerfileSyntax ?? DEFAULT_DOCKERFILE_SYNTAX;
    // Validation sees the tree as it is now: the model of an earlier synth may be stale.
    if (this.target === 'swarm') enableSwarmChecks(this, () => ((this.cachedModel = undefined), this.model));
    this.proxySettings = { kind: props.proxy ?? 'nginx', mode: this.mode, acme: props.acme, options: props.proxyOptions ?? {} };
    Validation.add(this, () => checkUniqueness(this, (c) => (c.node.path ? `${this.name}/${c.node.path}` : this.name)));
  }

  private checkProps(props: AppProps): void {
    const a = Annotations.of(this);
    const problems = [
      ...unknownKeys(props, APP_KEYS, 'the App'),
      ...unknownKeys(props.acme, ['email', 'staging', 'server'], 'acme'),
      ...unknownKeys(props.proxyOptions, ['image', 'nginxVersion', 'certbotImage', 'traefikFormat', 'traefikLabels', 'dashboard'], 'proxyOptions'),
    ];
    if (props.mode !== undefined && props.mode !== 'production' && props.mode !== 'local') {
      problems.push({ message: `mode ${JSON.stringify(props.mode)} is unknown.`, fix: `use 'production' (HTTPS) or 'local' (plain HTTP on localhost).` });
    }
    if (props.proxy !== undefined && !(PROXY_KIND_NAMES as readonly string[]).includes(props.proxy)) {
      problems.push({ message: `proxy ${JSON.stringify(props.proxy)} is not a supported proxy.`, fix: `use one of: ${PROXY_KIND_NAMES.join(', ')}.` });
    }
    for (const p of problems) a.addError(p.message, p.fix);
  }

  private checkTarget(own: string | undefined): void {
    const cli = this.cliTarget;
    const fix = `use one of: ${DEPLOYMENT_TARGETS.join(', ')}.`;
    if (!(DEPLOYMENT_TARGETS as readonly string[]).includes(this.target)) {
      Annotations.of(this).addError(`unknown deployment target "${this.target}".`, fix);
    } else if (own !== undefined && cli !== undefined && cli !== own) {
      Annotations.of(this).addError(`the App targets "${own}" but synth was run with --target ${cli}.`, 'remove one of the two.');
    }
  }

  /** The deployment model, built once per synth from the validated tree. */
  get model(): DeploymentModel {
    const swarm = this.target === 'swarm' ? swarmModelOf(this.name, this.swarmOptions) : undefined;
    this.cachedModel ??= buildModel(this, { name: this.name, mode: this.mode, displayRoot: this.name, swarm }, this.modelPaths());
    return this.cachedModel;
  }

  /**
   * Adds output files rendered from the deployment model, after Slipway's own: a pure function
   * of the model (no construct access) returning files (`YamlFile`, `TextFile`, `ScriptFile`…).
   * They are written, checked (`--check`) and diffed with the rest; a path another renderer
   * already writes is an error.
   *
   * @example
   * app.addRenderer(({ model }) => [
   *   new TextFile('SERVICES.txt', () => model.services.map((s) => s.name).join('\n') + '\n'),
   * ]);
   */
  addRenderer(renderer: AppRenderer): this {
    this.renderers.push(renderer);
    return this;
  }

  produceFiles(): OutputFile[] {
    this.cachedModel = undefined; // the tree may have changed since the last synth
    const input = { model: this.model };
    return [...APP_RENDERERS, ...this.renderers].flatMap((render) => render(input));
  }

  private modelPaths() {
    const session = activeSession();
    const programDir = session?.baseDir ?? (process.argv[1] ? dirname(process.argv[1]) : process.cwd());
    return { programDir, outdir: session?.out ?? this.outdir };
  }
}
