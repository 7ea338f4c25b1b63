import { emitYaml, type ScalarStyle } from './_yaml-emit.js';
import { evaluate, OutputFile, type Lazy, type OutputFileOptions } from './output-file.js';

export type { ScalarStyle } from './_yaml-emit.js';

/** Options for {@link YamlFile}. */
export interface YamlFileOptions extends OutputFileOptions {
  /**
   * Chooses the quoting of string scalars from their key path.
   * @default plain where a YAML 1.1 or 1.2 reader gets the same string back, a literal block for multi-line text, double quotes otherwise
   */
  readonly scalarStyle?: (keyPath: readonly string[], value: string) => ScalarStyle;
}

/**
 * A YAML document rendered from plain data (maps, sequences, strings, numbers, booleans, null);
 * key order is the object's insertion order; `undefined` values are left out.
 */
export class YamlFile extends OutputFile {
  private cached?: { value: unknown };

  constructor(path: string, private readonly obj: Lazy<unknown>, private readonly options: YamlFileOptions = {}) {
    super(path, options);
  }

  protected get commentPrefix(): string {
    return '#';
  }

  /** The data this file renders (evaluated once). */
  get value(): unknown {
    this.cached ??= { value: evaluate(this.obj) };
    return this.cached.value;
  }

  protected renderBody(): string {
    return emitYaml(this.value, this.options.scalarStyle);
  }
}
