import { HealthCheck } from '@slipway/constructs';
import { TextFile, type IFileProducer, type OutputFile } from '@slipway/core';
import type { Construct } from 'constructs';
import { detectFor } from './_checks.js';
import { nodePackageManager, NODE_IMAGE, nodeBuildStages, type NodePackageManager } from './_node-recipe.js';
import { FrameworkPreset, finishImage, withDefaults, type PresetOptions } from './framework-preset.js';
import { renderSpaNginxConf } from './spa-nginx-conf.js';

/** Default static server: nginx running as uid 101, listening on 8080. */
export const NGINX_UNPRIVILEGED_IMAGE = 'nginxinc/nginx-unprivileged:1.27.4-alpine';

/** Options of {@link ViteSpa}. */
export interface ViteSpaOptions extends PresetOptions {
  /**
   * Public values inlined at build time (`VITE_*` only), passed as build args.
   * @default none
   */
  readonly buildEnv?: Readonly<Record<string, string>>;
  /**
   * Build output folder, relative to the app.
   * @default `dist`
   */
  readonly outDir?: string;
  /**
   * URL prefix of hashed assets (Vite's `build.assetsDir`).
   * @default `/assets/`
   */
  readonly assetsPrefix?: string;
  /**
   * Node.js image of the build stage.
   * @default `node:22.14.0-bookworm-slim`
   */
  readonly nodeImage?: string;
  /**
   * Image serving the files.
   * @default {@link NGINX_UNPRIVILEGED_IMAGE}
   */
  readonly nginxImage?: string;
  readonly packageManager?: NodePackageManager;
  /**
   * package.json script that builds.
   * @default `build`
   */
  readonly buildScript?: string;
}

/**
 * A Vite single-page app: built with Node, served as static files by an unprivileged nginx with
 * SPA fallback and long-lived caching of hashed assets. The nginx config is generated into the
 * output folder (`<service>.nginx.conf`) and copied into the image.
 *
 * @example
 * new ViteSpa(app, 'web', { source: '.', workspace: '@dropit/web', buildEnv: { VITE_API_URL: 'https://api.dropit-app.fr' } });
 */
export class ViteSpa extends FrameworkPreset implements IFileProducer {
  /** Path of the generated nginx config in the output folder. */
  readonly nginxConfPath: string;
  private readonly confModel: Parameters<typeof renderSpaNginxConf>[0];

  constructor(scope: Construct, id: string, o: ViteSpaOptions = {}) {
    o ??= {}; // null from a JavaScript caller means no options
    const { detection, problems } = detectFor('ViteSpa', ['vite'], o, ['npm', 'pnpm', 'yarn', 'yarn-berry']);
    const buildEnv = o.buildEnv ?? {};
    for (const name of Object.keys(buildEnv).filter((n) => !n.startsWith('VITE_'))) {
      problems.push({
        message: `buildEnv "${name}" is not VITE_*: Vite only exposes VITE_* variables to the app.`,
        fix: `rename it VITE_${name}, or drop it (a static site has no server-side environment).`,
      });
    }
    const port = o.port ?? 8080;
    const healthPath = o.health ?? '/healthz';
    const healthCheck = o.healthCheck ?? HealthCheck.http(port, healthPath, 'wget');
    const pm: NodePackageManager = nodePackageManager(detection, o.packageManager);
    super(scope, id, {
      context: o.source ?? '.',
      optionKeys: ['buildEnv', 'outDir', 'assetsPrefix', 'nodeImage', 'nginxImage', 'packageManager', 'buildScript'],
      props: withDefaults({ port, healthCheck, resources: { cpus: 0.5, memory: '128M' }, capDrop: ['ALL'] }, o),
      buildArgs: buildEnv,
      problems,
      ignore: ['**/dist', '**/.turbo'],
      recipe: (df) => {
        const out = nodeBuildStages(df, {
          detection,
          packageManager: pm,
          nodeImage: o.nodeImage ?? NODE_IMAGE,
          buildScript: o.buildScript ?? 'build',
          buildArgs: Object.keys(buildEnv).sort(),
          prune: false,
        });
        const runtime = df.stage('runtime', o.nginxImage ?? NGINX_UNPRIVILEGED_IMAGE);
        const conf = df.outputFileSource(`${df.outputPath.replace(/\.Dockerfile$/, '')}.nginx.conf`);
        runtime.copy([conf.path], '/etc/nginx/conf.d/default.conf', conf.from ? { from: conf.from } : {});
        runtime.copy([`${out.appPath}/${o.outDir ?? 'dist'}/`], '/usr/share/nginx/html/', { from: out.stage });
        finishImage(runtime, { user: '101:101', port, healthCheck, cmd: ['nginx', '-g', 'daemon off;'] });
      },
    });
    this.nginxConfPath = `${this.name}.nginx.conf`;
    this.confModel = { port, root: '/usr/share/nginx/html', assetsPrefix: o.assetsPrefix ?? '/assets/', healthPath };
  }

  produceFiles(): OutputFile[] {
    return [new TextFile(this.nginxConfPath, () => renderSpaNginxConf(this.confModel), { owner: this })];
  }
}
