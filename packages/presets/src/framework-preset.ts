import { Dockerfile, Service, shCommand, targetOf, type HealthCheck, type ServiceOptions, type ServiceProps, type Stage } from '@slipway/constructs';
import { Annotations, type Problem } from '@slipway/core';
import type { Construct } from 'constructs';

/** Options every preset accepts, on top of {@link ServiceOptions} (each overrides a preset default). */
export interface PresetOptions extends ServiceOptions {
  /**
   * Folder of the app, or of the monorepo root, relative to the folder of `infra.ts`.
   * @default `.`
   */
  readonly source?: string;
  /**
   * Workspace package to build (its package.json `name`), for monorepos.
   * @default none
   */
  readonly workspace?: string;
  /**
   * HTTP path the health check probes.
   * @default per preset (`/health` for APIs)
   */
  readonly health?: string;
}

/** What a preset computed before its Service exists: props, build args, problems and the recipe. */
export interface PresetPlan {
  /** Build context, relative to the folder of `infra.ts`. */
  readonly context: string;
  /** Service props (without `build`). */
  readonly props: Omit<ServiceProps, 'build'>;
  /** Compose build args. */
  readonly buildArgs?: Readonly<Record<string, string>>;
  /** Errors found in the input (wrong framework, missing lockfile…). */
  readonly problems: readonly Problem[];
  /** The preset's own option names, besides PresetOptions (any other key is reported as a typo). */
  readonly optionKeys?: readonly string[];
  /** More `.dockerignore` patterns. */
  readonly ignore?: readonly string[];
  /** Writes the stages of the Dockerfile. */
  readonly recipe: (df: Dockerfile) => void;
}

/**
 * Base of the framework presets: a {@link Service} built from a generated {@link Dockerfile}
 * (`<service>.Dockerfile` in the output folder, context = the source folder).
 */
export abstract class FrameworkPreset extends Service {
  /** The generated Dockerfile; its stages can be adjusted (`preset.dockerfile.findStage('runtime')`). */
  readonly dockerfile: Dockerfile;

  protected constructor(scope: Construct, id: string, plan: PresetPlan) {
    const holder: { df?: Dockerfile } = {};
    // The Dockerfile is a child construct, created after super(): Compose asks for its path later.
    const ref = {
      get outputPath(): string { return holder.df!.outputPath; },
      get outputContext(): string | undefined { return holder.df!.outputContext; },
    };
    super(scope, id, { ...plan.props, build: { context: plan.context, dockerfile: ref, args: plan.buildArgs } });
    this.allowProps(['source', 'workspace', 'health', ...(plan.optionKeys ?? [])]);
    this.dockerfile = holder.df = new Dockerfile(this, 'image', { context: plan.context, ignore: plan.ignore });
    for (const p of plan.problems) Annotations.of(this).addError(p.message, p.fix);
    plan.recipe(this.dockerfile);
  }
}

/** `defaults` overridden by every option the user did set (undefined means "not set"). */
export function withDefaults<T extends object>(defaults: T, options: object): T {
  const set = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  return { ...defaults, ...set } as T;
}

/**
 * Ends an image: drop to the unprivileged user, document the port, repeat the Compose health
 * check as the image's own HEALTHCHECK, and start in exec form.
 */
export function finishImage(stage: Stage, o: { user: string; port?: number; healthCheck?: HealthCheck; cmd: readonly string[] }): void {
  stage.user(o.user);
  if (o.port !== undefined) stage.expose(o.port);
  const test = o.healthCheck?.test;
  if (test) {
    const { interval, timeout, startPeriod, retries } = o.healthCheck!.resolvedTiming;
    stage.healthcheck(test[0] === 'CMD-SHELL' ? test[1]! : test.slice(1), { interval, timeout, startPeriod, retries });
  }
  stage.cmd(o.cmd);
}

/** `sh -c` with `exec`, so that the app (not the shell) is PID 1 and gets SIGTERM. */
export function shellThenExec(before: readonly string[], argv: readonly string[]): string[] {
  return ['sh', '-c', [...before, `exec ${shCommand(argv)}`].join(' && ')];
}


/** A system user and group with a fixed numeric id, no home and no login shell (Debian/Ubuntu images). */
export function createSystemUser(stage: Stage, id: number, name = 'app'): Stage {
  return stage.run(
    `groupadd --system --gid ${id} ${name} && useradd --system --uid ${id} --gid ${id} --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin ${name}`,
  );
}

/**
 * Where a preset's migrations run. With Compose: once per release, as the service's release
 * command, before any container of the release serves (`deploy.sh` runs it). On Swarm, which runs
 * nothing before a stack update: in each new task, before the server starts.
 */
export function placeMigrations(scope: Construct, migrations: readonly string[]): { releaseCommand?: string[]; beforeStart: string[] } {
  if (!migrations.length) return { beforeStart: [] };
  if (targetOf(scope) === 'swarm') return { beforeStart: [...migrations] };
  return { releaseCommand: ['sh', '-c', migrations.join(' && ')], beforeStart: [] };
}
