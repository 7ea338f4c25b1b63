import { HealthCheck } from '@slipway/constructs';
import type { Problem } from '@slipway/core';
import type { Construct } from 'constructs';
import { detectFor } from './_checks.js';
import { nodePackageManager, NODE_IMAGE, NODE_USER, nodeBuildStages, nodeRuntimeStage, type NodePackageManager } from './_node-recipe.js';
import { dependsOn } from './_source.js';
import { FrameworkPreset, finishImage, placeMigrations, shellThenExec, withDefaults, type PresetOptions } from './framework-preset.js';

/** A migration tool run before the app starts, or a command of your own. */
export type NodeMigration = 'prisma' | 'typeorm' | 'mikro-orm' | { readonly command: readonly string[] };

/** Options of a Node.js preset ({@link NestJs}, {@link Express}). */
export interface NodePresetOptions extends PresetOptions {
  /**
   * Node.js base image, pinned.
   * @default `node:22.14.0-bookworm-slim`
   */
  readonly nodeImage?: string;
  /**
   * Package manager.
   * @default from the lockfile
   */
  readonly packageManager?: NodePackageManager;
  /**
   * package.json script that builds the app.
   * @default `build` when package.json has it
   */
  readonly buildScript?: string | false;
  /**
   * Start command (exec form), run from the app folder.
   * @default per preset
   */
  readonly start?: readonly string[];
  /**
   * Folders the app writes to, created in the image and owned by the app user (uid 1000). A new
   * named volume mounted there inherits that ownership; without it the volume is owned by root
   * and the app cannot write.
   * @default the targets of the named volumes in `volumes`
   */
  readonly writable?: readonly string[];
}

/** Options of {@link NestJs}. */
export interface NestJsOptions extends NodePresetOptions {
  /**
   * Migrations to run once per release, before the release serves (the service's `releaseCommand`, run by `deploy.sh`; on Swarm, before each start).
   * @default none
   */
  readonly migrate?: NodeMigration;
  /**
   * TypeORM data source file (compiled), for `migrate: 'typeorm'`.
   * @default `dist/data-source.js`
   */
  readonly typeormDataSource?: string;
  /**
   * package.json script that seeds the database; it runs after migrations when the container's
   * `SEED_DB` is `true` (set to `false` by default, flip it in .env for a first deploy).
   * @default none
   */
  readonly seedScript?: string;
}

/**
 * A NestJS API: multi-stage build with the lockfile's package manager (npm, pnpm or yarn),
 * production dependencies only, non-root `node` user, `node dist/main.js`, a health check with
 * Node's own `fetch` (slim images have no curl), optional migrations and seeding before start.
 *
 * @example
 * new NestJs(app, 'api', { source: '.', workspace: '@dropit/api', migrate: 'prisma', health: '/api/health' });
 */
export class NestJs extends FrameworkPreset {
  constructor(scope: Construct, id: string, options: NestJsOptions = {}) {
    super(scope, id, planNodeApp(scope, 'NestJs', ['nestjs'], options ?? {}, ['node', 'dist/main.js']));
  }
}

/** A generic Node.js server (Express, Fastify, Koa…): same recipe, `node <main>` by default. */
export class Express extends FrameworkPreset {
  constructor(scope: Construct, id: string, options: NodePresetOptions = {}) {
    super(scope, id, planNodeApp(scope, 'Express', ['express'], options ?? {}, undefined));
  }
}

function planNodeApp(scope: Construct, preset: string, frameworks: Parameters<typeof detectFor>[1], o: NestJsOptions, defaultStart: readonly string[] | undefined) {
  const { detection, problems } = detectFor(preset, frameworks, o, ['npm', 'pnpm', 'yarn', 'yarn-berry']);
  const pm: NodePackageManager = nodePackageManager(detection, o.packageManager);
  const pkg = detection.packageJson;
  const buildScript = o.buildScript === false ? undefined : (o.buildScript ?? (pkg?.scripts?.build ? 'build' : undefined));
  const start = o.start ?? defaultStart ?? ['node', pkg?.main ?? 'index.js'];
  const port = o.port ?? 3000;
  const healthCheck = o.healthCheck ?? HealthCheck.http(port, o.health ?? '/health', 'node');
  const migrations = placeMigrations(scope, migrationSteps(o, problems, pkg));
  const before = [...migrations.beforeStart, ...seedSteps(o.seedScript)];
  const cmd = before.length ? shellThenExec(before, start) : start;
  const nodeImage = o.nodeImage ?? '';
  const writable = [...new Set(o.writable ?? (o.volumes ?? []).flatMap((m) => ('volume' in m ? [m.target] : [])))];
  const props = withDefaults(
    {
      port,
      healthCheck,
      resources: { cpus: 1, memory: '512M' },
      capDrop: ['ALL'],
      releaseCommand: migrations.releaseCommand,
    },
    o,
  );
  return {
    context: o.source ?? '.',
    optionKeys: ['nodeImage', 'packageManager', 'buildScript', 'start', 'writable', 'migrate', 'typeormDataSource', 'seedScript'],
    props: { ...props, env: { NODE_ENV: 'production', PORT: String(port), ...(o.seedScript ? { SEED_DB: 'false' } : {}), ...o.env } },
    problems,
    ignore: ['**/dist', '**/.turbo'],
    recipe: (df: import('@slipway/constructs').Dockerfile) => {
      const image = nodeImage || NODE_IMAGE;
      const out = nodeBuildStages(df, { detection, packageManager: pm, nodeImage: image, buildScript, prune: true });
      const runtime = nodeRuntimeStage(df, image);
      if (out.selfContained) {
        runtime.copy([`${out.prunedPath}/`], './', { from: out.stage });
      } else {
        // npm/yarn workspaces: node_modules links to sibling packages, so the whole pruned tree ships.
        runtime.copy(['/app/'], './', { from: out.stage });
        runtime.workdir(out.appPath);
      }
      for (const dir of writable) runtime.run(`mkdir -p ${dir} && chown ${NODE_USER} ${dir}`);
      finishImage(runtime, { user: NODE_USER, port, healthCheck, cmd });
    },
  };
}

function migrationSteps(o: NestJsOptions, problems: Problem[], pkg: Parameters<typeof dependsOn>[0]): string[] {
  const m = o.migrate;
  if (m === undefined || m === null) return []; // null from a JavaScript caller: no migrations, as leaving it out
  if (typeof m === 'object') return [m.command.join(' ')];
  const cli = { prisma: 'prisma', typeorm: 'typeorm', 'mikro-orm': '@mikro-orm/cli' }[m];
  if (pkg && !dependsOn(pkg, cli, false)) {
    problems.push({
      message: `migrate: '${m}' needs the "${cli}" CLI at runtime, but package.json does not list it in "dependencies" (devDependencies are pruned from the image).`,
      fix: `move "${cli}" from devDependencies to dependencies, or pass migrate: { command: [...] }.`,
    });
  }
  switch (m) {
    case 'prisma':
      return ['node_modules/.bin/prisma migrate deploy'];
    case 'typeorm':
      return [`node_modules/.bin/typeorm migration:run -d ${o.typeormDataSource ?? 'dist/data-source.js'}`];
    case 'mikro-orm':
      return ['node_modules/.bin/mikro-orm migration:up'];
  }
}

function seedSteps(script: string | undefined): string[] {
  return script ? [`if [ "$SEED_DB" = "true" ]; then npm run ${script}; fi`] : [];
}
