import TOML from '@iarna/toml';
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
    return TOML.stringify(evaluate(this.obj) as TOML.JsonMap);
  }
}
