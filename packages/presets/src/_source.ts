import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Read-only access to a source folder, tolerant of missing or malformed files (detection never throws). */
export class SourceTree {
  constructor(
    /** Absolute path of the folder. */
    readonly root: string,
  ) {}

  /** True when `rel` exists (file or folder). */
  has(rel: string): boolean {
    return existsSync(join(this.root, rel));
  }

  /** True when `rel` is a folder. */
  isDir(rel: string): boolean {
    try {
      return statSync(join(this.root, rel)).isDirectory();
    } catch {
      return false;
    }
  }

  /** Text of `rel`, or undefined. */
  text(rel: string): string | undefined {
    try {
      return readFileSync(join(this.root, rel), 'utf8');
    } catch {
      return undefined;
    }
  }

  /** Parsed JSON of `rel`, or undefined when missing or invalid. */
  json<T = Record<string, unknown>>(rel: string): T | undefined {
    const t = this.text(rel);
    if (t === undefined) return undefined;
    try {
      return JSON.parse(t) as T;
    } catch {
      return undefined;
    }
  }

  /** Sorted names of the sub-folders of `rel`. */
  dirs(rel: string): string[] {
    try {
      return readdirSync(join(this.root, rel), { withFileTypes: true })
        .filter((d) => d.isDirectory() && d.name !== 'node_modules' && !d.name.startsWith('.'))
        .map((d) => d.name)
        .sort();
    } catch {
      return [];
    }
  }

  /** The first of `names` that exists. */
  first(names: readonly string[]): string | undefined {
    return names.find((n) => this.has(n));
  }

  /** A tree rooted at a sub-folder. */
  sub(rel: string): SourceTree {
    return rel === '.' ? this : new SourceTree(join(this.root, rel));
  }
}

/** Fields of package.json that detection reads. */
export interface PackageJson {
  readonly name?: string;
  readonly main?: string;
  readonly packageManager?: string;
  readonly scripts?: Readonly<Record<string, string>>;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
  readonly workspaces?: readonly string[] | { readonly packages?: readonly string[] };
}

/** True when `pkg` lists `name` in dependencies (or devDependencies when `dev`). */
export function dependsOn(pkg: PackageJson | undefined, name: string, dev = true): boolean {
  return Boolean(pkg?.dependencies?.[name] ?? (dev ? pkg?.devDependencies?.[name] : undefined));
}
