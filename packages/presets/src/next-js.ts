import { HealthCheck } from '@slipway/constructs';
import type { Construct } from 'constructs';
import { detectFor } from './_checks.js';
import { nodePackageManager, NODE_IMAGE, NODE_USER, nodeBuildStages, nodeRuntimeStage, type NodePackageManager } from './_node-recipe.js';
import { SourceTree } from './_source.js';
import { FrameworkPreset, finishImage, withDefaults, type PresetOptions } from './framework-preset.js';

/** Options of {@link NextJs}. */
export interface NextJsOptions extends PresetOptions {
  /**
   * Public values inlined into the client bundle at build time (`NEXT_PUBLIC_*` only), passed as
   * build args. Server-side variables and secrets go to `env`, read at runtime.
   * @default none
   */
  readonly buildEnv?: Readonly<Record<string, string>>;
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
   * package.json script that builds.
   * @default `build`
   */
  readonly buildScript?: string;
}

/**
 * A Next.js app from its standalone output (`output: 'standalone'` in next.config): the image
 * holds `server.js`, the traced node_modules, `.next/static` and `public/`, and nothing else.
 * `NEXT_PUBLIC_*` come in as build args; nothing secret is needed to build, since server code
 * reads its environment at runtime.
 *
 * @example
 * new NextJs(app, 'web', { source: './web', buildEnv: { NEXT_PUBLIC_API_URL: 'https://api.example.com' } });
 */
export class NextJs extends FrameworkPreset {
  constructor(scope: Construct, id: string, o: NextJsOptions = {}) {
    o ??= {}; // null from a JavaScript caller means no options
    const { detection, problems } = detectFor('NextJs', ['nextjs'], o, ['npm', 'pnpm', 'yarn', 'yarn-berry']);
    if (detection.framework === 'nextjs' && !detection.nextStandalone) {
      const file = detection.nextConfig ?? 'next.config.mjs';
      problems.push({
        message: `${detection.nextConfig ? `${file} does not set` : 'no next.config.* sets'} output: 'standalone', which the image is built from.`,
        fix: `add output: 'standalone' to the config object in ${detection.appDir === '.' ? '' : `${detection.appDir}/`}${file}.`,
      });
    }
    const buildEnv = o.buildEnv ?? {};
    for (const name of Object.keys(buildEnv).filter((n) => !n.startsWith('NEXT_PUBLIC_'))) {
      problems.push({
        message: `buildEnv "${name}" is not NEXT_PUBLIC_*: only those are inlined at build time, and anything else in a build arg stays in the image.`,
        fix: `read ${name} at runtime: move it to env (a Secret if it is one).`,
      });
    }
    const pm: NodePackageManager = nodePackageManager(detection, o.packageManager);
    const port = o.port ?? 3000;
    const healthCheck = o.healthCheck ?? HealthCheck.http(port, o.health ?? '/', 'node');
    const publicDir = new SourceTree(detection.root).sub(detection.appDir).isDir('public');
    const app = detection.appDir === '.' ? '' : `${detection.appDir}/`;
    super(scope, id, {
      context: o.source ?? '.',
      optionKeys: ['buildEnv', 'nodeImage', 'packageManager', 'buildScript'],
      props: {
        ...withDefaults({ port, healthCheck, resources: { cpus: 1, memory: '1G' }, capDrop: ['ALL'] }, o),
        // HOSTNAME: the standalone server binds to it; the container's own host name would hide it from the proxy.
        env: { NODE_ENV: 'production', PORT: String(port), HOSTNAME: '0.0.0.0', NEXT_TELEMETRY_DISABLED: '1', ...o.env },
      },
      buildArgs: buildEnv,
      problems,
      ignore: ['**/.next', '**/out', '**/.turbo'],
      recipe: (df) => {
        const image = o.nodeImage ?? NODE_IMAGE;
        const out = nodeBuildStages(df, {
          detection,
          packageManager: pm,
          nodeImage: image,
          buildScript: o.buildScript ?? 'build',
          buildArgs: Object.keys(buildEnv).sort(),
          buildEnv: { NEXT_TELEMETRY_DISABLED: '1' },
          prune: false,
        });
        const runtime = nodeRuntimeStage(df, image, { HOSTNAME: '0.0.0.0', PORT: String(port), NEXT_TELEMETRY_DISABLED: '1' });
        runtime.comment('The standalone server with its traced dependencies; static assets are not part of it.');
        runtime.copy([`${out.appPath}/.next/standalone/`], './', { from: out.stage });
        runtime.copy([`${out.appPath}/.next/static/`], `./${app}.next/static/`, { from: out.stage });
        if (publicDir) runtime.copy([`${out.appPath}/public/`], `./${app}public/`, { from: out.stage });
        // Code stays root-owned (read-only to the app); only the ISR/image cache is the app's to write.
        runtime.run(`mkdir -p /app/${app}.next/cache && chown 1000:1000 /app/${app}.next/cache`);
        finishImage(runtime, { user: NODE_USER, port, healthCheck, cmd: ['node', `${app}server.js`] });
      },
    });
  }
}
