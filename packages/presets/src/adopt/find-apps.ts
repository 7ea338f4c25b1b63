import { basename, join, relative } from 'node:path';
import { detect, type Detection } from '../detect.js';
import { SourceTree } from '../_source.js';

/** An app `synth init` found, with what {@link detect} says about it. */
export interface FoundApp {
  /** Construct id proposed for its service (`backend`, `api`, `web`). */
  readonly id: string;
  /** `source` option, relative to the repository root: `.` or `./backend`. */
  readonly source: string;
  /** Workspace package name, for a package of a monorepo built from the root. */
  readonly workspace?: string;
  /** Absolute folder of the app. */
  readonly dir: string;
  readonly detection: Detection & { readonly framework: NonNullable<Detection['framework']>; readonly preset: string };
}

/** A folder that has a manifest but no framework Slipway has a preset for. */
export interface SkippedFolder {
  /** Folder relative to the root (`.` for the root). */
  readonly dir: string;
  readonly reason: string;
}

const MANIFESTS = ['package.json', 'requirements.txt', 'pyproject.toml', 'pom.xml', 'build.gradle', 'build.gradle.kts'];
/** Folders never searched for apps: dependencies, build output, virtualenvs, Slipway output. */
const SKIP = /^(node_modules|dist|build|out|target|coverage|venv|env|__pycache__|vendor|deploy.*|examples?|tests?|fixtures?|docs?)$/;

/**
 * Finds the apps of a repository: the packages of a monorepo (pnpm-workspace.yaml or
 * `workspaces`), an app at the root, and apps in sub-folders up to two levels deep
 * (`frontend/`, `backend/`, `services/api/`). Each is read with {@link detect}; folders with a
 * manifest but no known framework are reported, not guessed.
 */
export function findApps(root: string): { apps: FoundApp[]; skipped: SkippedFolder[] } {
  const apps: FoundApp[] = [];
  const skipped: SkippedFolder[] = [];
  const rootDetection = detect(root);
  if (rootDetection.workspaces.length) {
    for (const w of rootDetection.workspaces) {
      const d = detect(root, { workspace: w.name });
      if (d.framework && d.preset) apps.push({ id: idOf(w.name), source: '.', workspace: w.name, dir: join(root, w.dir), detection: { ...d, framework: d.framework, preset: d.preset } });
      else skipped.push({ dir: w.dir, reason: `workspace ${w.name}: no framework Slipway has a preset for (a library?)` });
    }
    return { apps: uniqueIds(apps), skipped };
  }
  const tree = new SourceTree(root);
  if (hasManifest(tree)) {
    if (rootDetection.framework && rootDetection.preset) {
      apps.push({ id: rootDetection.framework === 'nextjs' || rootDetection.framework === 'vite' ? 'web' : 'api', source: '.', dir: root, detection: { ...rootDetection, framework: rootDetection.framework, preset: rootDetection.preset } });
    } else if (!isToolingOnly(tree)) skipped.push({ dir: '.', reason: 'no framework Slipway has a preset for' });
  }
  for (const dir of candidateDirs(tree)) {
    const abs = join(root, dir);
    const d = detect(abs);
    const rel = relative(root, abs).split('\\').join('/');
    if (d.framework && d.preset) apps.push({ id: idOf(basename(abs)), source: `./${rel}`, dir: abs, detection: { ...d, framework: d.framework, preset: d.preset } });
    else skipped.push({ dir: rel, reason: 'no framework Slipway has a preset for' });
  }
  return { apps: uniqueIds(apps), skipped };
}

function hasManifest(tree: SourceTree): boolean {
  return MANIFESTS.some((m) => tree.has(m));
}

/** A root package.json that only holds dev tooling (husky, prettier…) beside app folders. */
function isToolingOnly(tree: SourceTree): boolean {
  const pkg = tree.json<{ dependencies?: object }>('package.json');
  return pkg !== undefined && Object.keys(pkg.dependencies ?? {}).length === 0;
}

function candidateDirs(tree: SourceTree): string[] {
  const out: string[] = [];
  for (const first of tree.dirs('.').filter((d) => !SKIP.test(d))) {
    if (hasManifest(tree.sub(first))) {
      out.push(first);
      continue;
    }
    for (const second of tree.dirs(first).filter((d) => !SKIP.test(d))) {
      if (hasManifest(tree.sub(`${first}/${second}`))) out.push(`${first}/${second}`);
    }
  }
  return out;
}

/** `@acme/api` → `api`; `My_Backend` → `my-backend`. Ids become Compose service names. */
export function idOf(name: string): string {
  const id = name.replace(/^@[^/]+\//, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return /^[a-z]/.test(id) ? id : `app-${id || 'x'}`;
}

/** Ids init gives other constructs, or that Slipway's own services take. */
const RESERVED = new Set(['db', 'redis', 'proxy', 'certbot', 'backup', 'monitoring']);

function uniqueIds(apps: FoundApp[]): FoundApp[] {
  const seen = new Set<string>();
  return apps.map((a) => {
    let id = RESERVED.has(a.id) ? `${a.id}-app` : a.id;
    for (let i = 2; seen.has(id); i++) id = `${a.id}-${i}`;
    seen.add(id);
    return { ...a, id };
  });
}
