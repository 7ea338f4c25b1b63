/** Names in the generated program: TypeScript variables, construct ids, `.env` names. */
export class Names {
  private readonly vars = new Set(['app']);
  private readonly ids = new Set<string>();
  private readonly envs = new Set<string>();

  /** A free camelCase variable for `name` (`api-gateway` → `apiGateway`). */
  variable(name: string, suffix = 'Service'): string {
    let v = name.replace(/[^A-Za-z0-9]+([A-Za-z0-9])/g, (_m, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, '');
    v = /^[A-Za-z_$]/.test(v) ? v[0]!.toLowerCase() + v.slice(1) : `_${v}`;
    if (RESERVED.has(v) || this.vars.has(v)) v = `${v}${suffix}`;
    for (let i = 2; this.vars.has(v); i++) v = `${v}${i}`;
    this.vars.add(v);
    return v;
  }

  /** A free construct id at the App's root, lowercase and dashed. */
  id(wanted: string, suffix: string): string {
    let id = wanted.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || suffix;
    if (!/^[a-z]/.test(id)) id = `${suffix}-${id}`;
    if (this.ids.has(id)) id = `${id}-${suffix}`;
    for (let i = 2; this.ids.has(id); i++) id = `${id}-${i}`;
    this.ids.add(id);
    return id;
  }

  /** Reserves an id taken by a construct whose id is fixed (a service keeps its Compose name). */
  claimId(id: string): void {
    this.ids.add(id);
  }

  /** True when `.env` name `env` is still free; reserves it. */
  claimEnv(env: string): boolean {
    if (this.envs.has(env)) return false;
    this.envs.add(env);
    return true;
  }
}

const RESERVED = new Set(['new', 'class', 'default', 'function', 'delete', 'import', 'export', 'package', 'public', 'private', 'static', 'this', 'var', 'let', 'const', 'enum', 'interface', 'yield', 'await', 'case', 'switch', 'return', 'void', 'with', 'in', 'do', 'if', 'for', 'try', 'catch', 'super', 'null', 'true', 'false', 'typeof', 'instanceof', 'else', 'break', 'continue', 'finally', 'throw', 'while', 'debugger', 'extends', 'implements', 'plain', 'Secret', 'Service', 'Volume', 'Postgres', 'Redis', 'App', 'HealthCheck']);

/** `snake`/`kebab` → `SCREAMING_SNAKE`, the form of a `.env` name. */
export function envNameOf(s: string): string {
  return s.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}

/** A single-quoted TypeScript string literal. */
export function tsString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

/** A TypeScript template literal body piece: text with `` ` ``, `\` and `${` escaped. */
export function templateText(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
}

/** A value as a TypeScript literal (objects, arrays, strings, numbers). */
export function tsLiteral(v: unknown, indent = ''): string {
  if (typeof v === 'string') return tsString(v);
  if (v === null || typeof v !== 'object') return String(v);
  const inner = `${indent}  `;
  if (Array.isArray(v)) return v.length ? `[${v.map((x) => tsLiteral(x, indent)).join(', ')}]` : '[]';
  const entries = Object.entries(v);
  if (!entries.length) return '{}';
  return `{\n${entries.map(([k, x]) => `${inner}${/^[A-Za-z_$][\w$]*$/.test(k) ? k : tsString(k)}: ${tsLiteral(x, inner)},`).join('\n')}\n${indent}}`;
}
