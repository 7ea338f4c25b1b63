import type { Dockerfile, RunMount, Stage } from '@slipway/constructs';
import type { Detection, PackageManager } from './detect.js';

/** Default Node.js base image (Debian slim: glibc, so native modules and Prisma engines work). */
export const NODE_IMAGE = 'node:22.14.0-bookworm-slim';
/** The `node` user of the official images. */
export const NODE_USER = '1000:1000';

/** What the Node build stages need to know. */
export interface NodeBuildInput {
  readonly detection: Detection;
  readonly packageManager: NodePackageManager;
  readonly nodeImage: string;
  /** package.json script that builds the app, if any. */
  readonly buildScript?: string;
  /** ARG names declared in the build stage (public build-time variables). */
  readonly buildArgs?: readonly string[];
  /** ENV of the build stage, e.g. `NEXT_TELEMETRY_DISABLED=1`. */
  readonly buildEnv?: Readonly<Record<string, string>>;
  /** Leave only production dependencies (pnpm monorepos: `pnpm deploy --prod` to /prod/app). */
  readonly prune: boolean;
}

/** Where the build left things. */
export interface NodeBuildOutput {
  /** Name of the stage to copy from. */
  readonly stage: string;
  /** Absolute path of the app folder in that stage (`/app`, `/app/apps/web`). */
  readonly appPath: string;
  /** Folder holding the app with production dependencies only (`/prod/app` after pnpm deploy). */
  readonly prunedPath: string;
  /** True when `prunedPath` is self-contained (node_modules inside it). */
  readonly selfContained: boolean;
}

export type NodePackageManager = Extract<PackageManager, 'npm' | 'pnpm' | 'yarn' | 'yarn-berry'>;

/** The package manager to use: the option, else the detected one when it is a Node one, else npm. */
export function nodePackageManager(detection: Detection, option: NodePackageManager | undefined): NodePackageManager {
  const found = detection.packageManager;
  return option ?? (found === 'npm' || found === 'pnpm' || found === 'yarn' || found === 'yarn-berry' ? found : 'npm');
}

const LOCKFILE: Record<NodePackageManager, string> = { npm: 'package-lock.json', pnpm: 'pnpm-lock.yaml', yarn: 'yarn.lock', 'yarn-berry': 'yarn.lock' };
const CACHE: Record<NodePackageManager, RunMount> = {
  npm: { type: 'cache', id: 'npm', target: '/root/.npm' },
  pnpm: { type: 'cache', id: 'pnpm', target: '/pnpm/store' },
  yarn: { type: 'cache', id: 'yarn', target: '/usr/local/share/.cache/yarn' },
  'yarn-berry': { type: 'cache', id: 'yarn-berry', target: '/root/.yarn/berry/cache' },
};

/**
 * `base` (package manager ready), `deps` (lockfile install, cached until the lockfile changes)
 * and `build` (sources, build, prune). pnpm monorepos install and build only the target and its
 * workspace dependencies (`--filter name...`), then `pnpm deploy --prod` a pruned copy.
 */
export function nodeBuildStages(df: Dockerfile, input: NodeBuildInput): NodeBuildOutput {
  const { detection: d, packageManager: pm } = input;
  const ws = d.workspace;
  const pnpmMono = pm === 'pnpm' && ws !== undefined;
  const mount = { mounts: [CACHE[pm]] };
  const base = df.stage('base', input.nodeImage);
  if (pm !== 'npm') base.env({ COREPACK_ENABLE_DOWNLOAD_PROMPT: '0' }).run('corepack enable');
  base.workdir('/app');

  const deps = df.stage('deps', 'base');
  deps.comment('Only the manifests and the lockfile: this layer is rebuilt when dependencies change, not on every commit.');
  if (pnpmMono) {
    deps.copy(['package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml'], './');
    deps.run('pnpm fetch --frozen-lockfile --store-dir=/pnpm/store', mount);
  } else {
    const manifests = ws ? d.workspaces.map((w) => `${w.dir}/package.json`) : [];
    deps.copy(['package.json', LOCKFILE[pm], ...(pm === 'yarn-berry' ? ['.yarnrc.yml'] : [])], './');
    for (const m of manifests) deps.copy([m], `./${m.slice(0, -'package.json'.length)}`);
    deps.run(installCommand(pm, false), mount);
  }

  const build = df.stage('build', 'deps');
  for (const a of input.buildArgs ?? []) build.arg(a);
  if (input.buildEnv && Object.keys(input.buildEnv).length) build.env(input.buildEnv);
  build.copy(['.'], '.');
  const appPath = d.appDir === '.' ? '/app' : `/app/${d.appDir}`;
  if (pnpmMono) {
    const filter = `--filter '${ws!.name}...'`;
    build.run(`pnpm install --frozen-lockfile --prefer-offline --store-dir=/pnpm/store ${filter}`, mount);
    if (input.buildScript) build.run(`pnpm ${filter} run ${input.buildScript}`);
    if (input.prune) {
      build.comment('A self-contained copy of the app with production dependencies only (workspace packages included).');
      build.run(`pnpm --filter '${ws!.name}' deploy --prod ${legacyDeployFlag(d.packageManagerSpec)}--store-dir=/pnpm/store /prod/app`, mount);
      return { stage: 'build', appPath, prunedPath: '/prod/app', selfContained: true };
    }
    return { stage: 'build', appPath, prunedPath: appPath, selfContained: false };
  }
  if (input.buildScript) build.run(runScript(pm, input.buildScript, ws?.name));
  if (input.prune) build.run(pruneCommand(pm, ws?.name), mount);
  return { stage: 'build', appPath, prunedPath: appPath, selfContained: !ws };
}

/** `FROM <node> AS runtime`, production mode, /app. */
export function nodeRuntimeStage(df: Dockerfile, nodeImage: string, env: Readonly<Record<string, string>> = {}): Stage {
  return df.stage('runtime', nodeImage).env({ NODE_ENV: 'production', ...env }).workdir('/app');
}

function installCommand(pm: NodePackageManager, production: boolean): string {
  switch (pm) {
    case 'npm':
      return production ? 'npm ci --omit=dev' : 'npm ci';
    case 'pnpm':
      return `pnpm install --frozen-lockfile --store-dir=/pnpm/store${production ? ' --prod' : ''}`;
    case 'yarn':
      return `yarn install --frozen-lockfile${production ? ' --production' : ''}`;
    case 'yarn-berry':
      return 'yarn install --immutable';
  }
}

function runScript(pm: NodePackageManager, script: string, workspace?: string): string {
  if (!workspace) return pm === 'npm' ? `npm run ${script}` : `${pm === 'pnpm' ? 'pnpm' : 'yarn'} run ${script}`;
  if (pm === 'npm') return `npm run ${script} --workspace '${workspace}' --include-workspace-root=false`;
  return `yarn workspace '${workspace}' run ${script}`;
}

function pruneCommand(pm: NodePackageManager, workspace?: string): string {
  switch (pm) {
    case 'npm':
      return 'npm prune --omit=dev';
    case 'pnpm':
      return 'pnpm prune --prod';
    case 'yarn':
      return 'yarn install --frozen-lockfile --production --ignore-scripts --prefer-offline';
    case 'yarn-berry':
      return `yarn workspaces focus ${workspace ? `'${workspace}'` : '--all'} --production`;
  }
}

/** pnpm 10 needs `--legacy` to deploy without injected workspace packages; pnpm 9 rejects the flag. */
function legacyDeployFlag(spec: string | undefined): string {
  const major = /^pnpm@(\d+)/.exec(spec ?? '')?.[1];
  return major !== undefined && Number(major) < 10 ? '' : '--legacy ';
}
