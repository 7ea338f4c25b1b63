import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What the CLI knows about the temporary module an error came from. */
export interface ModuleInfo {
  readonly path: string;
  readonly url: string;
  readonly code: string;
  /** Resolved package URL → the specifier the program wrote. */
  readonly specifiers: ReadonlyMap<string, string>;
}

/**
 * Node reports a missing named export while linking, against the temporary module: this points
 * at the import in the user's file instead (through the source map) and names the package as the
 * program wrote it. Returns undefined for other errors.
 */
export async function describeMissingExport(error: unknown, module: ModuleInfo): Promise<string | undefined> {
  if (!(error instanceof SyntaxError)) return undefined;
  const m =
    /The requested module '([^']+)' does not provide an export named '([^']+)'/.exec(error.message) ??
    /Named export '([^']+)' not found\. The requested module '([^']+)'/.exec(error.message);
  if (!m) return undefined;
  const [specifier, name] = m[0].startsWith('Named') ? [m[2]!, m[1]!] : [m[1]!, m[2]!];
  const pkg = module.specifiers.get(specifier) ?? specifier;
  const where = locate(error, module, name);
  const cjs = m[0].startsWith('Named') ? ' It is a CommonJS package: import its default export and read the name from it.' : '';
  const near = cjs ? undefined : await closestExport(specifier, name);
  const hint = near ? ` Did you mean "${near}"?` : '';
  return `${where ? `${where}: ` : ''}"${pkg}" has no export named "${name}".${hint}${cjs} Fix: check the spelling (names are case-sensitive) and the installed version of "${pkg}".`;
}

/** `file:line:column` of the import of `name` in the program's own source. */
function locate(error: SyntaxError, module: ModuleInfo, name: string): string | undefined {
  // The stack opens with `<file>:<line>`: the user's file when Node applied the source map,
  // else the temporary module, mapped here.
  const head = /^(.+):(\d+)\n/.exec(error.stack ?? '');
  if (!head) return undefined;
  let source: string | undefined;
  let line = Number(head[2]) - 1;
  if (head[1] === module.url || head[1] === module.path) {
    const payload = /\/\/# sourceMappingURL=data:application\/json;base64,(\S+)\s*$/.exec(module.code);
    if (!payload) return undefined;
    const map = new SourceMap(JSON.parse(Buffer.from(payload[1]!, 'base64').toString('utf8')));
    const entry = map.findEntry(line, 0) as { originalSource?: string; originalLine?: number };
    if (entry.originalSource === undefined || entry.originalLine === undefined) return undefined;
    source = entry.originalSource.startsWith('file:') ? fileURLToPath(entry.originalSource) : resolve(module.path, '..', entry.originalSource);
    line = entry.originalLine;
  } else {
    source = head[1]!.startsWith('file:') ? fileURLToPath(head[1]!) : head[1]!;
  }
  if (!existsSync(source)) return undefined;
  const shown = relative(process.cwd(), source) || source;
  // The statement may span lines (one name per line): find the name from the mapped line on.
  const lines = readFileSync(source, 'utf8').split('\n');
  const word = new RegExp(`\\b${escape(name)}\\b`);
  for (let i = line; i < Math.min(lines.length, line + 50); i++) {
    const col = lines[i]!.search(word);
    if (col >= 0) return `${shown}:${i + 1}:${col + 1}`;
  }
  return `${shown}:${line + 1}`;
}

/** The export of the package closest to a misspelt name (at most 2 edits), if any. */
async function closestExport(url: string, name: string): Promise<string | undefined> {
  let names: string[];
  try {
    names = Object.keys((await import(url)) as object);
  } catch {
    return undefined;
  }
  let best: { name: string; d: number } | undefined;
  for (const n of names) {
    const d = editDistance(n.toLowerCase(), name.toLowerCase());
    if (d <= 2 && (!best || d < best.d)) best = { name: n, d };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
