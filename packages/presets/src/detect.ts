import { fromProgram } from '@slipway/constructs';
import type { Problem } from '@slipway/core';
import { dependsOn, SourceTree, type PackageJson } from './_source.js';
import { listWorkspacePackages, packageJsonWorkspaceGlobs, pnpmWorkspaceGlobs, type WorkspacePackage } from './_workspaces.js';

/** Frameworks Slipway has a preset for. */
export type Framework = 'nestjs' | 'nextjs' | 'vite' | 'express' | 'flask' | 'fastapi' | 'django' | 'spring-boot';

/** Package managers and build tools the presets drive. */
export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'yarn-berry' | 'pip' | 'uv' | 'maven' | 'gradle';

/** The preset class proposed for each framework. */
export const PRESET_OF: Readonly<Record<Framework, string>> = {
  nestjs: 'NestJs',
  nextjs: 'NextJs',
  vite: 'ViteSpa',
  express: 'Express',
  flask: 'Flask',
  fastapi: 'FastApi',
  django: 'Django',
  'spring-boot': 'SpringBoot',
};

/** Options of {@link detect}. */
export interface DetectOptions {
  /** pnpm (or npm/yarn) workspace package to look at, by its package.json name. */
  readonly workspace?: string;
}

/** What {@link detect} found in a source folder. */
export interface Detection {
  /** Absolute path of the source (monorepo) root. */
  readonly root: string;
  /** Folder of the app relative to the root (`.` or `apps/api`), `/`-separated. */
  readonly appDir: string;
  readonly framework?: Framework;
  /** Name of the preset to use, e.g. `NestJs`. */
  readonly preset?: string;
  readonly packageManager?: PackageManager;
  /** `pnpm@9.12.0` from package.json's `packageManager` field, if set. */
  readonly packageManagerSpec?: string;
  /** Lockfile (or build file) relative to the root. */
  readonly lockfile?: string;
  /** Packages of the monorepo (empty for a single app). */
  readonly workspaces: readonly WorkspacePackage[];
  /** The workspace package selected with `workspace`, when found. */
  readonly workspace?: WorkspacePackage;
  /** package.json of the app folder (Node apps). */
  readonly packageJson?: PackageJson;
  /** Next.js config file relative to the app folder, if any. */
  readonly nextConfig?: string;
  /** True when the Next.js config sets `output: 'standalone'`. */
  readonly nextStandalone?: boolean;
  /** Problems a preset reports as errors (unknown workspace, missing lockfile…). */
  readonly problems: readonly Problem[];
  /** Short notes of what was found, for messages and docs. */
  readonly evidence: readonly string[];
}

const NODE_LOCKFILES: ReadonlyArray<readonly [string, PackageManager]> = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
];

/**
 * Reads a source folder (package.json, lockfiles, `next.config.*`, requirements.txt /
 * pyproject.toml, pom.xml / build.gradle) and proposes a preset and a package manager. Never
 * throws: what is wrong goes to `problems`.
 *
 * @param sourceDir folder of the app or monorepo, relative to the folder of `infra.ts`.
 *
 * @example
 * detect('.', { workspace: '@dropit/api' }) // { framework: 'nestjs', packageManager: 'pnpm', appDir: 'apps/api', … }
 */
export function detect(sourceDir: string, options: DetectOptions = {}): Detection {
  const tree = new SourceTree(fromProgram(sourceDir));
  const problems: Problem[] = [];
  const evidence: string[] = [];
  if (!tree.isDir('.')) {
    problems.push({ message: `source folder "${tree.root}" does not exist.`, fix: 'set source to the folder of the app, relative to infra.ts (e.g. "." or "../api").' });
    return { root: tree.root, appDir: '.', workspaces: [], problems, evidence };
  }
  const rootPkg = tree.json<PackageJson>('package.json');
  const workspaces = monorepoPackages(tree, rootPkg);
  let appDir = '.';
  let workspace: WorkspacePackage | undefined;
  if (options.workspace !== undefined) {
    workspace = workspaces.find((w) => w.name === options.workspace);
    if (workspace) {
      appDir = workspace.dir;
      evidence.push(`workspace ${workspace.name} in ${workspace.dir}`);
    } else if (!workspaces.length) {
      problems.push({
        message: `workspace "${options.workspace}" was asked for, but ${tree.root} is not a monorepo (no pnpm-workspace.yaml or "workspaces" in package.json).`,
        fix: 'remove the workspace option, or point source at the monorepo root.',
      });
    } else {
      problems.push({
        message: `workspace "${options.workspace}" is not a package of the monorepo at ${tree.root}.`,
        fix: `use one of: ${workspaces.map((w) => w.name).join(', ')}.`,
      });
    }
  }
  const app = tree.sub(appDir);
  const base = { root: tree.root, appDir, workspaces, workspace, problems, evidence };

  const pkg = app.json<PackageJson>('package.json');
  // A package.json that only holds tooling (or `synth`'s own devDependencies) beside a Python or
  // Java app does not make it a Node app.
  const otherManifest = ['requirements.txt', 'pyproject.toml', 'pom.xml', 'build.gradle.kts', 'build.gradle'].some((f) => app.has(f));
  if (pkg && (nodeFramework(pkg) !== undefined || !otherManifest)) return { ...base, ...detectNode(tree, app, rootPkg, pkg, evidence, problems) };
  const python = detectPython(app, evidence, problems);
  if (python) return { ...base, ...python };
  const java = detectJava(app, evidence);
  if (java) return { ...base, ...java };
  problems.push({
    message: `no package.json, requirements.txt, pyproject.toml, pom.xml or build.gradle in ${app.root}.`,
    fix: 'point source at the folder of the app (relative to infra.ts), or workspace at its package.',
  });
  return base;
}

function monorepoPackages(tree: SourceTree, rootPkg: PackageJson | undefined): WorkspacePackage[] {
  const yaml = tree.text('pnpm-workspace.yaml');
  const globs = yaml !== undefined ? pnpmWorkspaceGlobs(yaml) : packageJsonWorkspaceGlobs(rootPkg);
  return globs.length ? listWorkspacePackages(tree, globs) : [];
}

function nodeFramework(pkg: PackageJson): Framework | undefined {
  if (dependsOn(pkg, 'next')) return 'nextjs';
  if (dependsOn(pkg, '@nestjs/core')) return 'nestjs';
  if (dependsOn(pkg, 'express', false)) return 'express';
  return dependsOn(pkg, 'vite') ? 'vite' : undefined;
}

function detectNode(tree: SourceTree, app: SourceTree, rootPkg: PackageJson | undefined, pkg: PackageJson, evidence: string[], problems: Problem[]) {
  const framework = nodeFramework(pkg);
  if (framework) evidence.push(`${framework} in ${app === tree ? '' : `${app.root.slice(tree.root.length + 1)}/`}package.json`);
  // The lockfile sits at the monorepo root; a single app may also keep it in its own folder.
  const lock = NODE_LOCKFILES.find(([f]) => tree.has(f));
  const spec = rootPkg?.packageManager ?? pkg.packageManager;
  let packageManager = lock?.[1];
  if (packageManager === 'yarn' && (tree.has('.yarnrc.yml') || /^yarn@[2-9]/.test(spec ?? ''))) packageManager = 'yarn-berry';
  if (lock) evidence.push(`${lock[0]} → ${packageManager}`);
  else {
    problems.push({
      message: `no lockfile (pnpm-lock.yaml, yarn.lock or package-lock.json) in ${tree.root}, so the image would install unpinned versions.`,
      fix: 'run your package manager\'s install (npm install, pnpm install or yarn) and commit the lockfile.',
    });
  }
  let nextConfig: string | undefined;
  let nextStandalone: boolean | undefined;
  if (framework === 'nextjs') {
    nextConfig = app.first(['next.config.js', 'next.config.mjs', 'next.config.ts', 'next.config.cjs', 'next.config.mts']);
    nextStandalone = nextConfig !== undefined && /output\s*:\s*['"`]standalone['"`]/.test(app.text(nextConfig) ?? '');
  }
  return { framework, preset: framework && PRESET_OF[framework], packageManager, packageManagerSpec: spec, lockfile: lock?.[0], packageJson: pkg, nextConfig, nextStandalone };
}

function detectPython(app: SourceTree, evidence: string[], problems: Problem[]) {
  const reqs = app.text('requirements.txt');
  const pyproject = app.text('pyproject.toml');
  if (reqs === undefined && pyproject === undefined) return undefined;
  const text = `${reqs ?? ''}\n${pyproject ?? ''}`.toLowerCase();
  const has = (name: string) => new RegExp(`(^|[\\s"'\\[,])${name}\\s*([=<>~!\\[;"',]|$)`, 'm').test(text);
  const framework: Framework | undefined = has('django') || app.has('manage.py') ? 'django' : has('fastapi') ? 'fastapi' : has('flask') ? 'flask' : undefined;
  if (framework) evidence.push(`${framework} in ${reqs !== undefined ? 'requirements.txt' : 'pyproject.toml'}`);
  let packageManager: PackageManager | undefined;
  let lockfile: string | undefined;
  if (app.has('uv.lock')) [packageManager, lockfile] = ['uv', 'uv.lock'];
  else if (reqs !== undefined) [packageManager, lockfile] = ['pip', 'requirements.txt'];
  else {
    problems.push({
      message: `pyproject.toml without uv.lock or requirements.txt in ${app.root}: dependency versions are not pinned.`,
      fix: 'run "uv lock" and commit uv.lock, or export pinned versions to requirements.txt (pip freeze / poetry export).',
    });
  }
  if (packageManager) evidence.push(`${lockfile} → ${packageManager}`);
  return { framework, preset: framework && PRESET_OF[framework], packageManager, lockfile };
}

function detectJava(app: SourceTree, evidence: string[]) {
  const file = app.first(['pom.xml', 'build.gradle.kts', 'build.gradle']);
  if (!file) return undefined;
  const packageManager: PackageManager = file === 'pom.xml' ? 'maven' : 'gradle';
  const framework: Framework | undefined = /spring-boot|org\.springframework\.boot/.test(app.text(file) ?? '') ? 'spring-boot' : undefined;
  evidence.push(`${file} → ${packageManager}${framework ? ', Spring Boot' : ''}`);
  return { framework, preset: framework && PRESET_OF[framework], packageManager, lockfile: file };
}
