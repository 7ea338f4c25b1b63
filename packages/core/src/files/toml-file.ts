import type TOML from '@iarna/toml';
import { createRequire } from 'node:module';
import { evaluate, OutputFile, type Lazy, type OutputFileOptions } from './output-file.js';

/** A TOML document rendered from a plain object. */
export class TomlFile extends OutputFile {
  constructor(path: string, private readonly obj: Lazy<Record<string, unknown>>, options: OutputFileOptions = {}) {
    super(path, options);
  }

  protected get commentPrefix(): string {
    return '#';
  }

  protected renderBody(): string {
    return loadToml().stringify(evaluate(this.obj) as TOML.JsonMap);
  }
}

/** Loaded on first use: most stacks write no TOML, and start-up time matters for `synth`. */
export function loadToml(): typeof TOML {
  return createRequire(import.meta.url)('@iarna/toml') as typeof TOML;
}
