import type { PackageJson, SourceTree } from './_source.js';

/** A package of a monorepo. */
export interface WorkspacePackage {
  /** `name` of its package.json, e.g. `@dropit/api`. */
  readonly name: string;
  /** Folder relative to the monorepo root, `/`-separated, e.g. `apps/api`. */
  readonly dir: string;
}

/**
 * The `packages:` globs of pnpm-workspace.yaml. A small reader for the one list we need, so the
 * presets need no YAML dependency: `- 'apps/*'`, `- "packages/**"`, `- tools/cli`.
 */
export function pnpmWorkspaceGlobs(yaml: string): string[] {
  const out: string[] = [];
  let inPackages = false;
  for (const raw of yaml.split('\n')) {
    const line = raw.replace(/\s+#.*$/, '');
    if (/^packages\s*:/.test(line)) {
      inPackages = true;
      continue;
    }
    if (inPackages && /^\S/.test(line)) inPackages = false;
    const item = inPackages ? /^\s+-\s*['"]?([^'"]+?)['"]?\s*$/.exec(line) : null;
    if (item) out.push(item[1]!);
  }
  return out;
}

/** Packages matched by workspace globs (`dir/*`, `dir/**`, exact folders; `!glob` excludes). */
export function listWorkspacePackages(tree: SourceTree, globs: readonly string[]): WorkspacePackage[] {
  const dirs = new Set<string>();
  const expand = (glob: string): string[] => {
    const clean = glob.replace(/^\.\//, '').replace(/\/+$/, '');
    if (clean.endsWith('/**')) return walk(tree, clean.slice(0, -3), 4);
    if (clean.endsWith('/*')) return tree.dirs(clean.slice(0, -2)).map((d) => `${clean.slice(0, -2)}/${d}`);
    return [clean];
  };
  for (const g of globs.filter((g) => !g.startsWith('!'))) for (const d of expand(g)) dirs.add(d);
  for (const g of globs.filter((g) => g.startsWith('!'))) for (const d of expand(g.slice(1))) dirs.delete(d);
  const out: WorkspacePackage[] = [];
  for (const dir of [...dirs].sort()) {
    const pkg = tree.json<PackageJson>(`${dir}/package.json`);
    if (pkg?.name) out.push({ name: pkg.name, dir });
  }
  return out;
}

/** Folders under `base` (itself included), down to `depth` levels. */
function walk(tree: SourceTree, base: string, depth: number): string[] {
  if (depth < 0) return [];
  return [base, ...tree.dirs(base).flatMap((d) => walk(tree, `${base}/${d}`, depth - 1))];
}

/** Globs of npm/yarn `workspaces` in package.json. */
export function packageJsonWorkspaceGlobs(pkg: PackageJson | undefined): string[] {
  const w = pkg?.workspaces;
  if (!w) return [];
  return Array.isArray(w) ? [...w] : [...((w as { packages?: readonly string[] }).packages ?? [])];
}
