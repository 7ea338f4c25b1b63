import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type { App } from './app.js';
import type { Diagnostic } from './diagnostic.js';
import { SynthError } from './errors.js';
import { loadToml } from './files/toml-file.js';
import { synthesize } from './synthesizer.js';

/** What {@link Testing.synth} returns: the output folder, in memory. */
export interface SynthesizedFiles {
  /** Path → content. */
  readonly files: Readonly<Record<string, string>>;
  /** Path → Unix mode. */
  readonly modes: Readonly<Record<string, number>>;
  /** Unacknowledged warnings. */
  readonly warnings: readonly Diagnostic[];
  /** Parses a YAML file of the output. */
  yaml<T = any>(path: string): T;
  /** Parses a TOML file of the output. */
  toml<T = any>(path: string): T;
  /** Parses a dotenv file of the output into name → value. */
  env(path: string): Record<string, string>;
  /** The text of one file; throws listing the files when it does not exist. */
  text(path: string): string;
}

/** Test helpers: synthesize an App in memory, without writing or a CLI. */
export const Testing = {
  /** Synthesizes in memory; throws {@link SynthError} with every diagnostic when it fails. */
  synth(app: App, options: { strict?: boolean } = {}): SynthesizedFiles {
    const result = synthesize(app, { strict: options.strict ?? app.strict, displayRoot: app.name, crossFileChecks: app.crossFileChecks });
    if (result.failed) throw new SynthError(result.diagnostics);
    const files = Object.fromEntries(result.files.map((f) => [f.path, f.content]));
    const text = (path: string) => {
      const content = files[path];
      if (content === undefined) throw new Error(`no file "${path}" in output: ${Object.keys(files).join(', ')}`);
      return content;
    };
    return {
      files,
      modes: Object.fromEntries(result.files.map((f) => [f.path, f.mode])),
      warnings: result.diagnostics.filter((d) => d.level === 'warning'),
      text,
      yaml: (path) => loadYaml().parse(text(path)),
      toml: (path) => loadToml().parse(text(path)) as any,
      env: (path) => parseEnv(text(path)),
    };
  },

  /** Synthesizes and returns the diagnostics, for tests of mistakes. Never throws SynthError. */
  diagnostics(app: App, options: { strict?: boolean } = {}): readonly Diagnostic[] {
    return synthesize(app, { strict: options.strict ?? app.strict, displayRoot: app.name, crossFileChecks: app.crossFileChecks }).diagnostics;
  },
};

function parseEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2]!;
    if (/^'.*'$/.test(value)) value = value.slice(1, -1);
    else if (/^".*"$/.test(value)) value = value.slice(1, -1).replace(/\\(.)/g, '$1');
    out[m[1]!] = value;
  }
  return out;
}

/** Loaded on first use: `Testing` is exported with the CLI, and loading yaml costs tens of ms at every start. */
function loadYaml(): typeof Yaml {
  return createRequire(import.meta.url)('yaml') as typeof Yaml;
}
