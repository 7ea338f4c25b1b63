import { evaluate, OutputFile, type Lazy, type OutputFileOptions } from './output-file.js';

/** One variable of an env file. */
export interface EnvEntry {
  readonly name: string;
  /** Value written after `=`; empty for variables the operator must fill. */
  readonly value: string;
  /** Comment lines written above the variable. */
  readonly comment?: readonly string[];
}

/** A titled group of variables (one per service, typically). */
export interface EnvSection {
  readonly title: string;
  readonly entries: readonly EnvEntry[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A dotenv file. Mode 0600 by default: env files hold or will hold secrets. */
export class EnvFile extends OutputFile {
  constructor(path: string, private readonly sections: Lazy<readonly EnvSection[]>, options: OutputFileOptions = {}) {
    super(path, { ...options, mode: options.mode ?? 0o600 });
  }

  protected get commentPrefix(): string {
    return '#';
  }

  protected renderBody(): string {
    const out: string[] = [];
    for (const section of evaluate(this.sections)) {
      if (out.length) out.push('');
      out.push(...envComment(`--- ${section.title} ---`));
      for (const e of section.entries) {
        if (!NAME.test(e.name)) throw new Error(`invalid env variable name "${e.name}"`);
        for (const c of e.comment ?? []) out.push(...envComment(c));
        out.push(`${e.name}=${quoteEnv(e.value)}`);
      }
    }
    return out.join('\n');
  }
}

/**
 * Comment lines of a dotenv file. Every line break a reader may honour (CR, LF, NEL, U+2028/9)
 * starts a new `#` line, and other control characters are dropped, so comment text can never
 * become an assignment (`DB_PASSWORD=hunter2`) that `init-secrets.sh` would keep.
 */
export function envComment(text: string): string[] {
  return text.split(/\r\n|[\n\r\u0085\u2028\u2029]/).map((line) => `# ${line.replace(/[\u0000-\u001f\u007f]/g, '')}`);
}

/** Quotes a dotenv value when it needs it (spaces, quotes, `#`, `$`). */
export function quoteEnv(value: string): string {
  if (/^[A-Za-z0-9_./:@+,=-]*$/.test(value)) return value;
  // Single quotes are literal in Compose's dotenv parser (no interpolation, no escapes).
  if (!value.includes("'")) return `'${value}'`;
  return `"${value.replace(/[\\"$]/g, (c) => `\\${c}`)}"`;
}
