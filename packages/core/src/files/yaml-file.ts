import { Document, isPair, isScalar, Scalar, visit } from 'yaml';
import { evaluate, OutputFile, type Lazy, type OutputFileOptions } from './output-file.js';

/** How one string scalar is quoted; `undefined` lets the YAML library choose. */
export type ScalarStyle = 'plain' | 'double' | 'single' | undefined;

/** Options for {@link YamlFile}. */
export interface YamlFileOptions extends OutputFileOptions {
  /**
   * Chooses the quoting of string scalars from their key path. Default: the library's choice,
   * which quotes only where YAML requires it.
   */
  readonly scalarStyle?: (keyPath: readonly string[], value: string) => ScalarStyle;
}

const STYLE = { plain: Scalar.PLAIN, double: Scalar.QUOTE_DOUBLE, single: Scalar.QUOTE_SINGLE } as const;

/** A YAML document rendered from a plain object; key order is the object's insertion order. */
export class YamlFile extends OutputFile {
  constructor(path: string, private readonly obj: Lazy<unknown>, private readonly options: YamlFileOptions = {}) {
    super(path, options);
  }

  protected get commentPrefix(): string {
    return '#';
  }

  /** The object this file renders (after lazy evaluation). */
  get value(): unknown {
    return evaluate(this.obj);
  }

  protected renderBody(): string {
    const doc = new Document(this.value, { keepUndefined: false });
    const styleOf = this.options.scalarStyle;
    if (styleOf) {
      visit(doc, {
        Scalar(role, node, path) {
          if (role === 'key' || typeof node.value !== 'string' || !isScalar(node)) return;
          const keys = path.flatMap((p) => (isPair(p) && isScalar(p.key) ? [String(p.key.value)] : []));
          const style = styleOf(keys, node.value);
          if (style) node.type = STYLE[style];
        },
      });
    }
    return doc.toString({ lineWidth: 0, minContentWidth: 0 });
  }
}
