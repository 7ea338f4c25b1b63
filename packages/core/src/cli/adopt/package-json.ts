import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/** Scripts `synth init` and `synth import` add (existing scripts of the same name are kept). */
export const SLIPWAY_SCRIPTS: Readonly<Record<string, string>> = {
  synth: 'synth',
  'synth:check': 'synth --check',
};

/**
 * devDependencies added when missing: the three packages at this CLI's version, and what
 * `tsc --noEmit` needs to type-check infra.ts.
 * @default typescript ^5.9.3, @types/node ^20.19.0
 */
export function slipwayDevDependencies(version: string): Record<string, string> {
  return {
    '@slipway/constructs': `^${version}`,
    '@slipway/core': `^${version}`,
    '@slipway/presets': `^${version}`,
    '@types/node': '^20.19.0',
    typescript: '^5.9.3',
  };
}

/**
 * The project's package.json with the scripts and devDependencies added (nothing existing is
 * changed), or a new private one when there is none. Returns the text and what was added.
 */
export function withSlipway(dir: string, version: string): { text: string; added: string[]; created: boolean } {
  const path = join(dir, 'package.json');
  const created = !existsSync(path);
  const raw = created ? '' : readFileSync(path, 'utf8');
  const pkg = (created ? { name: basename(dir).toLowerCase().replace(/[^a-z0-9-]+/g, '-'), private: true, type: 'module' } : JSON.parse(raw)) as Record<string, unknown>;
  const added: string[] = [];
  const merge = (field: string, entries: Record<string, string>) => {
    const current = { ...((pkg[field] as Record<string, string> | undefined) ?? {}) };
    const deps = { ...((pkg.dependencies as Record<string, string> | undefined) ?? {}) };
    for (const [k, v] of Object.entries(entries)) {
      if (current[k] !== undefined || (field === 'devDependencies' && deps[k] !== undefined)) continue;
      current[k] = v;
      added.push(`${field}.${k}`);
    }
    pkg[field] = field === 'devDependencies' ? Object.fromEntries(Object.entries(current).sort(([a], [b]) => a.localeCompare(b))) : current;
  };
  merge('scripts', SLIPWAY_SCRIPTS);
  merge('devDependencies', slipwayDevDependencies(version));
  const indent = /^[{[]\r?\n([ \t]+)/.exec(raw)?.[1] ?? '  ';
  return { text: `${JSON.stringify(pkg, null, indent)}\n`, added, created };
}
