import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** What `synth init` gets from the presets package (see @slipway/presets `planInit`). */
export interface InitPlanLike {
  readonly infra: string;
  readonly found: readonly string[];
  readonly todo: readonly string[];
  readonly providedSecrets: readonly string[];
}

/** What `synth import` gets from the presets package (see @slipway/presets `planImport`). */
export interface ImportPlanLike {
  readonly infra: string;
  /** What became what, one line each. */
  readonly mapped: readonly string[];
  /** Problems of the original file that the new stack fixes or still has. */
  readonly findings: readonly string[];
  /** `.env` names to fill with the values that were literals in the Compose file. */
  readonly secrets: ReadonlyArray<{ readonly env: string; readonly from: string }>;
}

/**
 * The functions of `@slipway/presets` the `init` and `import` commands drive. Core cannot import
 * presets (dependencies point presets → constructs → core), so the CLI loads it at run time, as
 * the user's project resolves it.
 */
export interface AdoptModule {
  planInit(root: string, options?: { name?: string }): InitPlanLike;
  planImport(composeFile: string, options?: { name?: string; root?: string }): ImportPlanLike;
}

/** Thrown when @slipway/presets cannot be found from the project or beside this CLI. */
export class PresetsNotFoundError extends Error {}

/**
 * Loads `@slipway/presets` as the project in `dir` resolves it, else as this CLI's own
 * installation does (a global or npx install carries it too).
 */
export async function loadAdoptModule(dir: string, needs: keyof AdoptModule): Promise<AdoptModule> {
  for (const from of [join(dir, 'package.json'), import.meta.url]) {
    let path: string;
    try {
      path = createRequire(from).resolve('@slipway/presets');
    } catch {
      continue;
    }
    const mod = (await import(pathToFileURL(path).href)) as Partial<AdoptModule>;
    if (typeof mod[needs] === 'function') return mod as AdoptModule;
    throw new PresetsNotFoundError(`the installed @slipway/presets (${path}) is too old for this command. Fix: install the same version as @slipway/core.`);
  }
  throw new PresetsNotFoundError('@slipway/presets is not installed. Fix: npm install --save-dev @slipway/presets (same version as @slipway/core).');
}
