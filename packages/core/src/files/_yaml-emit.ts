/**
 * A small YAML emitter for plain data (maps, sequences, strings, numbers, booleans, null).
 *
 * It exists for speed: building a full `yaml` Document for a 5,000-service Compose file costs
 * more than the rest of the synth. It quotes conservatively — any string that a YAML 1.1 or 1.2
 * reader could take for something else is quoted — and tests check that the `yaml` parser reads
 * every emitted document back to the same data.
 */
export type ScalarStyle = 'plain' | 'double' | 'single' | undefined;
export type StyleFn = (keyPath: readonly string[], value: string) => ScalarStyle;

const INDENT = '  ';

export function emitYaml(value: unknown, styleOf?: StyleFn): string {
  const out: string[] = [];
  if (isMap(value)) emitMap(value, '', [], out, styleOf);
  else if (Array.isArray(value)) emitSeq(value, '', [], out, styleOf);
  else out.push(scalar(value, [], styleOf, ''));
  return `${out.join('\n')}\n`;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isEmptyCollection(v: unknown): string | undefined {
  if (Array.isArray(v) && v.length === 0) return '[]';
  if (isMap(v) && !hasDefinedValue(v)) return '{}';
  return undefined;
}

/** Same as `Object.values(map).some((x) => x !== undefined)`, without building the array. */
function hasDefinedValue(map: Record<string, unknown>): boolean {
  for (const k in map) if (Object.hasOwn(map, k) && map[k] !== undefined) return true;
  return false;
}

function emitMap(map: Record<string, unknown>, indent: string, keys: string[], out: string[], styleOf?: StyleFn, firstPrefix?: string): void {
  let first = true;
  for (const [k, v] of Object.entries(map)) {
    if (v === undefined) continue;
    const lead = first && firstPrefix !== undefined ? firstPrefix : indent;
    first = false;
    const key = quoteKey(k);
    const path = [...keys, k];
    const empty = isEmptyCollection(v);
    if (empty) out.push(`${lead}${key}: ${empty}`);
    else if (isMap(v)) {
      out.push(`${lead}${key}:`);
      emitMap(v, indent + INDENT, path, out, styleOf);
    } else if (Array.isArray(v)) {
      out.push(`${lead}${key}:`);
      emitSeq(v, indent + INDENT, path, out, styleOf);
    } else out.push(`${lead}${key}: ${scalar(v, path, styleOf, indent + INDENT)}`);
  }
}

function emitSeq(seq: readonly unknown[], indent: string, keys: string[], out: string[], styleOf?: StyleFn): void {
  for (const item of seq) {
    const empty = isEmptyCollection(item);
    if (empty) out.push(`${indent}- ${empty}`);
    else if (isMap(item)) emitMap(item, indent + INDENT, keys, out, styleOf, `${indent}- `);
    else if (Array.isArray(item)) {
      out.push(`${indent}-`);
      emitSeq(item, indent + INDENT, keys, out, styleOf);
    } else out.push(`${indent}- ${scalar(item, keys, styleOf, indent + INDENT)}`);
  }
}

function scalar(v: unknown, keys: readonly string[], styleOf: StyleFn | undefined, blockIndent: string): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return '.nan';
    if (!Number.isFinite(v)) return v > 0 ? '.inf' : '-.inf';
    return String(v);
  }
  if (typeof v === 'bigint') return v.toString();
  if (typeof v !== 'string') throw new Error(`cannot write ${typeof v} to YAML`);
  const style = styleOf?.(keys, v);
  if (style === 'single' && !/[\n\r]/.test(v)) return `'${v.replace(/'/g, "''")}'`;
  if (style === 'double') return JSON.stringify(v);
  if (isPlainSafe(v)) return v;
  if (isLiteralBlockSafe(v)) return literalBlock(v, blockIndent);
  return JSON.stringify(v); // JSON strings are valid YAML double-quoted scalars
}

function quoteKey(k: string): string {
  return isPlainSafe(k) ? k : JSON.stringify(k);
}

const BOOL_OR_NULL = /^(true|false|yes|no|on|off|y|n|null|~)$/i;
const AMBIGUOUS = [
  BOOL_OR_NULL,
  /^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$/, // decimal and float
  /^[-+]?0[xob][0-9a-f_]+$/i, // hex, octal, binary
  /^[-+]?\.(inf|nan)$/i,
  /^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$/, // YAML 1.1 base 60
  /^\d{4}-\d\d?-\d\d?/, // timestamps
];

/** A letter, then letters, digits and `_./-`: no indicator, space, colon, bracket, sign or digit first. */
const SIMPLE_WORD = /^[A-Za-z][A-Za-z0-9_./-]*$/;

/** True when `s` reads back as the same string without quotes, for YAML 1.1 and 1.2 readers. */
export function isPlainSafe(s: string): boolean {
  // Fast path for most keys and many values (`svc-0001`, `NODE_ENV`): of the checks below, only
  // the boolean/null words can reject a simple word.
  if (SIMPLE_WORD.test(s)) return !BOOL_OR_NULL.test(s);
  if (s === '' || s !== s.trim()) return false;
  if (/[\u0000-\u001f\u007f\u0085\u2028\u2029\ufeff]/.test(s)) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(s) && !/^-[^\s-]/.test(s) && !/^--[^\s]/.test(s)) return false;
  if (/^(---|\.\.\.)/.test(s)) return false;
  if (/: |:$| #|[{}[\],]/.test(s)) return false;
  return !AMBIGUOUS.some((re) => re.test(s));
}

function isLiteralBlockSafe(s: string): boolean {
  return s.includes('\n') && !/[\u0000-\u0008\u000b-\u001f\u007f\u0085\u2028\u2029\ufeff\r]/.test(s) && !/^[ \n]/.test(s) && !/[ \t]\n|[ \t]$/.test(s);
}

function literalBlock(s: string, indent: string): string {
  const trailing = /\n+$/.exec(s)?.[0].length ?? 0;
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
  const body = trailing > 1 ? s.slice(0, -1) : trailing === 1 ? s.slice(0, -1) : s;
  return `|${chomp}\n${body.split('\n').map((l) => (l === '' ? '' : indent + l)).join('\n')}`;
}
